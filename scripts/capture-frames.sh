#!/usr/bin/env bash
# Captures text frames of the UI on the demo cluster (80x24, tmux) for the README.
# Usage: scripts/capture-frames.sh > frames.txt
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin=$(ls node_modules/.bin/node 2>/dev/null || command -v node)
session="netpol-frames-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
tmux new-session -d -s "$session" -x 80 -y 24 "$node_bin bin/kubectl-netpol --demo"
sleep 2
frame() { echo "### $1"; echo '```'; tmux capture-pane -p -t "$session" | sed -e 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; echo '```'; echo; }
keys() { for k in "$@"; do tmux send-keys -t "$session" "$k"; sleep 0.35; done; }
frame "Overview"
keys j j j j Enter
frame "Namespace shop"
keys Enter
frame "Workload detail: who can reach shop/deployment/cart"
keys Tab Tab Down Down Enter
frame "Policy view"
keys Escape Escape Escape p
keys s h o p / d e p l o y m e n t / c h e c k o u t Tab s v c / p a y m e n t s / p a y m e n t - a p i Tab 4 4 3 Enter
frame "Path check"
keys Escape '?'
frame "Help"
