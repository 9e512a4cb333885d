import type { ClientsTreeProvider } from './clientsTree';
import type { Ctx } from './ctx';

/** What `activate` returns: the extension's own objects, for the integration tests and other extensions. */
export interface UpkeepApi {
  ctx: Ctx;
  clientsTree: ClientsTreeProvider;
}
