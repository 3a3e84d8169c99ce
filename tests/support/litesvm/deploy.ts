// Deploys an ELF into LiteSVM the way `solana program deploy` leaves it on a cluster (and
// `perps-localnet --upgrade-authority` at genesis): a BPF Loader Upgradeable Program account
// pointing to a ProgramData account that holds the ELF and names the upgrade authority, so
// deployer-only checks see the same accounts on every backend.
import { address, lamports } from "@solana/kit";
import { PublicKey } from "@solana/web3.js";
import type { LiteSVM } from "litesvm";

export const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
/** UpgradeableLoaderState::ProgramData header: tag u32, slot u64, Option<Pubkey> (1 + 32). */
const PROGRAM_DATA_HEADER = 4 + 8 + 1 + 32;

export function programDataAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_ID)[0];
}

export function deployUpgradeable(svm: LiteSVM, programId: PublicKey, elf: Buffer, upgradeAuthority: PublicKey | null): void {
  const programData = programDataAddress(programId);
  const data = Buffer.alloc(PROGRAM_DATA_HEADER + elf.length);
  data.writeUInt32LE(3, 0); // ProgramData
  data.writeBigUInt64LE(0n, 4); // deployed in slot 0
  if (upgradeAuthority) {
    data.writeUInt8(1, 12); // Some(upgrade authority)
    upgradeAuthority.toBuffer().copy(data, 13);
  } // else None: an immutable program
  elf.copy(data, PROGRAM_DATA_HEADER);
  const program = Buffer.alloc(4 + 32);
  program.writeUInt32LE(2, 0); // Program
  programData.toBuffer().copy(program, 4);

  const account = (key: PublicKey, bytes: Buffer, executable: boolean) => ({
    address: address(key.toBase58()),
    data: new Uint8Array(bytes),
    executable,
    lamports: lamports(svm.minimumBalanceForRentExemption(BigInt(bytes.length))),
    programAddress: address(BPF_LOADER_UPGRADEABLE_ID.toBase58()),
    space: BigInt(bytes.length),
  });
  // ProgramData first: LiteSVM compiles the program when the executable Program account is set.
  svm.setAccount(account(programData, data, false));
  svm.setAccount(account(programId, program, true));
}

