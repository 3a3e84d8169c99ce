// Run by `anchor migrate` after `anchor deploy` on a cluster with the Solana toolchain: creates the
// exchange if it does not exist yet. QUOTE_MINT names the collateral mint (required). The provider
// wallet signs as admin: it must be the program's upgrade authority (the deployer), which
// `initialize` checks through the program's ProgramData account (resolved from the IDL).
import * as anchor from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { EXCHANGE_PDA as exchange } from "../app/src/client/pdas";
import { IDL, type Perps } from "../app/src/client/program";

module.exports = async function (provider: anchor.AnchorProvider): Promise<void> {
  anchor.setProvider(provider);
  const program = new anchor.Program<Perps>(IDL, provider);
  if (await provider.connection.getAccountInfo(exchange)) {
    console.log(`exchange ${exchange.toBase58()} already initialized`);
    return;
  }
  const mint = process.env.QUOTE_MINT;
  if (!mint) throw new Error("QUOTE_MINT must name the collateral mint");
  const signature = await program.methods
    .initialize()
    .accounts({
      payer: provider.wallet.publicKey,
      admin: provider.wallet.publicKey,
      quoteMint: new PublicKey(mint),
    })
    .rpc();
  console.log(`exchange ${exchange.toBase58()} initialized: ${signature}`);
};
