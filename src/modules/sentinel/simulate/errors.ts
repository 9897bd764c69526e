import { defineErrorCodes } from '../../../kernel/errors.js';

/** Codes of the ransomware simulator, the sentinel's test tool. */
export const SIMULATION_ERRORS = defineErrorCodes({
  SENTINEL_SIMULATION_REFUSED: { status: 400, title: 'The simulator refuses this directory' },
  SENTINEL_SIMULATION_RUNNING: { status: 409, title: 'The simulation process is still alive' },
  SENTINEL_SIMULATION_RESTORE_FAILED: { status: 500, title: 'Some simulated files could not be restored' },
});
