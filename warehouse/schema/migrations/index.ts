import type { Migration } from '../table-def.ts';
import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-raw-feeds.ts';
import { migration0003 } from './0003-versions-and-attributes.ts';
import { migration0004 } from './0004-identity.ts';
import { migration0005 } from './0005-identity-state.ts';
import { migration0006 } from './0006-models.ts';
import { migration0007 } from './0007-kpis.ts';
import { migration0008 } from './0008-health-forecasts.ts';
import { migration0009 } from './0009-segments.ts';
import { migration0010 } from './0010-destinations.ts';
import { migration0011 } from './0011-ingest-key-indexes.ts';
import { migration0012 } from './0012-segment-removal.ts';
import { migration0013 } from './0013-equipment-feeds.ts';
import { migration0014 } from './0014-raw-record-text.ts';
import { migration0015 } from './0015-identity-record-snapshots.ts';
import { migration0016 } from './0016-storage-hints.ts';

/** Every migration, in version order. Never edit an applied one: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
];
