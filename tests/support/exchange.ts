// The exchange, its PDAs and `create_market`: the program client's (app/src/client), for tests.
export { EXCHANGE_PDA, VAULT_PDA, marketPda } from "../../app/src/client/pdas";
export { createMarketMethod, defaultMarketArgs, ensureExchange, nextMarketIndex, type ExchangeInfo } from "../../app/src/client/exchange";
export type { CreateMarketArgs } from "../../app/src/client/program";
