import type { Connector } from './connector.ts';
import { IngestInputError } from './errors.ts';
import { posConnector } from './sources/pos/connector.ts';

const CONNECTORS = new Map<string, Connector>([[posConnector.name, posConnector]]);

/** Every registered connector, by name. */
export function connectorNames(): string[] {
  return [...CONNECTORS.keys()];
}

/** The connector of a name, or an error listing the ones that exist. */
export function getConnector(name: string): Connector {
  const c = CONNECTORS.get(name);
  if (!c) throw new IngestInputError(`unknown connector '${name}'; known: ${connectorNames().join(', ')}`);
  return c;
}
