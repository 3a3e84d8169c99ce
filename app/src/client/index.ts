/** The perps program client: IDL and types, PDAs, instruction builders, the trading driver. */
export * from "./program";
export * from "./pdas";
export * from "./tokens";
export * from "./exchange";
export * from "./instructions";
export * from "./book";
export * from "./driver";
