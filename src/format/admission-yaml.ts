// Admission objects as one multi-document YAML stream for `kubectl apply -f`.
import { renderYaml } from './structured.js';

export function renderAdmissionYaml(objects: readonly object[], header: readonly string[]): string {
  return `${header.map((line) => `# ${line}\n`).join('')}${objects.map((o) => `---\n${renderYaml(o)}`).join('')}`;
}
