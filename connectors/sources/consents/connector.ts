import type { Connector } from '../../connector.ts';
import { consentEvents } from './consent-events.ts';

/** The consent log every system writes grants and withdrawals to. */
export const consentsConnector: Connector = {
  name: 'consents',
  description: 'consent log: consent-events*.ndjson, one grant or withdrawal per line',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    return /^consent[-_]events.*\.ndjson(\.gz)?$/i.test(name) ? consentEvents : null;
  },
};
