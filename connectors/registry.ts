import type { Connector } from './connector.ts';
import { IngestInputError } from './errors.ts';
import { consentsConnector } from './sources/consents/connector.ts';
import { crmConnector } from './sources/crm/connector.ts';
import { ecommerceConnector } from './sources/ecommerce/connector.ts';
import { equipmentConnector } from './sources/equipment/connector.ts';
import { hisConnector } from './sources/his/connector.ts';
import { miniprogramConnector } from './sources/miniprogram/connector.ts';
import { posConnector } from './sources/pos/connector.ts';
import { ticketsConnector } from './sources/tickets/connector.ts';
import { wmsConnector } from './sources/wms/connector.ts';

// Built-in connectors, in the order the demo ingests them (customer masters before the events
// that point at them; the order does not change results, only what a partial run shows).
const CONNECTORS = new Map<string, Connector>(
  [
    posConnector,
    ecommerceConnector,
    miniprogramConnector,
    hisConnector,
    crmConnector,
    ticketsConnector,
    wmsConnector,
    equipmentConnector,
    consentsConnector,
  ].map((c) => [c.name, c]),
);

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
