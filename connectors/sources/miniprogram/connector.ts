import type { Connector } from '../../connector.ts';
import { miniprogramMembers } from './members.ts';

/** The brand's WeChat mini-program backend: its member export (NDJSON, optionally gzipped). */
export const miniprogramConnector: Connector = {
  name: 'miniprogram',
  description: 'WeChat mini-program exports: members.ndjson',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    if (/^members([-_].*)?\.(ndjson|jsonl)(\.gz)?$/i.test(name)) return miniprogramMembers;
    return null;
  },
};
