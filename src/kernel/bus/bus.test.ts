import { describe } from 'vitest';
import { runBusContract, testBuses } from './contract.testkit.js';

for (const target of testBuses()) {
  describe(`event bus contract: ${target.kind}`, () => runBusContract(target));
}
