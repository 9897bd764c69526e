/** One benign workload in its own process: `node benign-child.js <name> '<WorkloadContext JSON>'`. */
import { BENIGN_NAMES, runBenign, type BenignWorkload } from './benign.js';
import type { WorkloadContext } from './benign/context.js';

const [name, context] = process.argv.slice(2);
if (!BENIGN_NAMES.includes(name as BenignWorkload) || !context) {
  process.stderr.write(`usage: benign-child <${BENIGN_NAMES.join('|')}> '<context JSON>'\n`);
  process.exit(2);
}
const result = await runBenign(name as BenignWorkload, JSON.parse(context) as WorkloadContext);
process.stdout.write(`${JSON.stringify(result)}\n`);
