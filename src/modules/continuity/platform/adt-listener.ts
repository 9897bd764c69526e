import type { Logger } from '../../../kernel/log/logger.js';
import { isLifelineError } from '../../../kernel/errors.js';
import type { ContinuityConfig } from '../config.js';
import { adtToCensusEvent, startMllpServer, type MllpServer } from '../hl7/index.js';
import type { ContinuityService } from '../service.js';

/**
 * The HL7 v2 ADT feed over MLLP. A message that is not a supported ADT event is refused (AR) with
 * a reason the sender's interface engine can show; a failure to store is an application error (AE)
 * so the sender retries. Neither answer nor log line carries patient data.
 */
export async function adtListener(
  config: ContinuityConfig['mllp'],
  service: ContinuityService,
  logger: Logger,
  read: (path: string) => Promise<string>,
): Promise<MllpServer> {
  const tls = config.tls
    ? {
        cert: await read(config.tls.certFile),
        key: await read(config.tls.keyFile),
        ...(config.tls.caFile ? { ca: await read(config.tls.caFile) } : {}),
      }
    : undefined;
  const senders = new Set(config.senders);
  return startMllpServer({
    host: config.host,
    port: config.port,
    ...(tls ? { tls } : {}),
    logger,
    onMessage: async (message) => {
      // The census decides beds in the kits: only the hospital's own interface engine may move it.
      if (senders.size > 0 && !senders.has(message.get('MSH-3.1')) && !senders.has(message.get('MSH-4.1'))) {
        return { code: 'AR', text: 'the sending application is not accepted by this receiver' };
      }
      let event;
      try {
        event = adtToCensusEvent(message);
      } catch (err) {
        return { code: 'AR', text: isLifelineError(err) ? err.message : 'not a supported ADT message' };
      }
      await service.applyAdt(event);
      return { code: 'AA' };
    },
  });
}
