import type { Connector } from '../../connector.ts';
import { posMembers } from './members.ts';
import { posReceiptLines } from './receipt-lines.ts';

/** Store tills: per-store daily receipt-line CSVs (GBK or UTF-8) and the member master. */
export const posConnector: Connector = {
  name: 'pos',
  description: 'POS exports: <store>/<YYYYMMDD>.csv receipt lines and members.csv',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    if (/^members.*\.csv(\.gz)?$/i.test(name)) return posMembers;
    if (/^\d{8}\.csv(\.gz)?$/.test(name)) return posReceiptLines;
    return null;
  },
};
