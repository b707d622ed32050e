import type { Connector } from '../../connector.ts';
import { ticketSurveys } from './surveys.ts';
import { tickets } from './tickets.ts';

/** The support desk: tickets and their CSAT/NPS survey answers. */
export const ticketsConnector: Connector = {
  name: 'tickets',
  description: 'Support desk exports: tickets.csv and surveys.csv',
  classify(path) {
    const name = path.split(/[\\/]/).pop() ?? '';
    if (/^tickets([-_].*)?\.csv(\.gz)?$/i.test(name)) return tickets;
    if (/^surveys([-_].*)?\.csv(\.gz)?$/i.test(name)) return ticketSurveys;
    return null;
  },
};
