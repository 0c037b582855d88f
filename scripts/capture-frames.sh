#!/usr/bin/env bash
# Captures text frames of the UI on the demo cluster for the README: the troubleshooting story at
# 80x24 (tmux), then one wide frame (160x40).
# Usage: scripts/capture-frames.sh > frames.txt
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
node_bin=$(ls "$root/node_modules/.bin/node" 2>/dev/null || command -v node)
# The fix is written into a scratch directory, not the working tree.
scratch=$(mktemp -d)
session="netpol-frames-$$"
wide="netpol-frames-wide-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; tmux kill-session -t "$wide" 2>/dev/null || true; rm -rf "$scratch"' EXIT
frame() { echo "### $1"; echo '```'; tmux capture-pane -p -t "${2:-$session}" | sed -e 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; echo '```'; echo; }
keys() { for k in "$@"; do tmux send-keys -t "$session" "$k"; sleep 0.35; done; }
# Text typed as one read, then time for it to be handled key by key.
text() { tmux send-keys -t "${2:-$session}" -l "$1"; sleep 1.5; }

tmux new-session -d -s "$session" -x 80 -y 24 "cd '$scratch' && '$node_bin' '$root/bin/kubectl-netpol' --demo"
sleep 2
frame "Overview"
keys j j j j Enter
frame "Namespace shop"
keys Enter
frame "Workload detail: who can reach shop/deployment/cart"
# Denied sources; checkout is the eighth row.
keys Tab j j j j j j j
frame "Denied sources of shop/deployment/cart (checkout selected: its nearest miss in full below)"
keys Enter
sleep 1
frame "Path check from the denied row: why not, and the verified fix"
keys w
frame "w: where to write the fix"
keys Enter
frame "The fix written"
keys Escape Tab Tab Down Down Enter
frame "Policy view"
keys Escape Escape Escape :
text "shop/dep"
frame "Command line (: with completion; tab cycles)"
keys Escape p
keys s h o p / d e p l o y m e n t / c h e c k o u t Tab s v c / p a y m e n t s / p a y m e n t - a p i Tab 4 4 3 Enter
frame "Path check"
keys Escape '?'
frame "Help"

tmux new-session -d -s "$wide" -x 160 -y 40 "cd '$scratch' && '$node_bin' '$root/bin/kubectl-netpol' --demo"
sleep 2
tmux send-keys -t "$wide" :
sleep 0.35
text "shop/deployment/cart" "$wide"
tmux send-keys -t "$wide" Enter
sleep 0.5
tmux send-keys -t "$wide" Tab
sleep 1
frame "Denied sources at 160x40" "$wide"
