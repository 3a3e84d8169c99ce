// LiteSVM's transaction errors in the JSON shape a validator's RPC gives them (`TransactionError`
// serialized by serde: a variant name, or `{ Variant: payload }`), and as the one-line text its
// preflight error message carries.
import type { FailedTransactionMetadata } from "litesvm";

/** `TransactionError` as JSON-RPC serializes it (what web3.js hands to callers as `err`). */
export type TransactionErrorJson = string | { [variant: string]: unknown };

// napi exports these enums as `const enum` only (no runtime object): the variant order of Agave's
// `TransactionError` and `InstructionError` without payload, as litesvm 1.5.0 numbers them.
const TRANSACTION_ERRORS = [
  "AccountInUse", "AccountLoadedTwice", "AccountNotFound", "ProgramAccountNotFound", "InsufficientFundsForFee",
  "InvalidAccountForFee", "AlreadyProcessed", "BlockhashNotFound", "CallChainTooDeep", "MissingSignatureForFee",
  "InvalidAccountIndex", "SignatureFailure", "InvalidProgramForExecution", "SanitizeFailure", "ClusterMaintenance",
  "AccountBorrowOutstanding", "WouldExceedMaxBlockCostLimit", "UnsupportedVersion", "InvalidWritableAccount",
  "WouldExceedMaxAccountCostLimit", "WouldExceedAccountDataBlockLimit", "TooManyAccountLocks",
  "AddressLookupTableNotFound", "InvalidAddressLookupTableOwner", "InvalidAddressLookupTableData",
  "InvalidAddressLookupTableIndex", "InvalidRentPayingAccount", "WouldExceedMaxVoteCostLimit",
  "WouldExceedAccountDataTotalLimit", "MaxLoadedAccountsDataSizeExceeded", "ResanitizationNeeded",
  "InvalidLoadedAccountsDataSizeLimit", "UnbalancedTransaction", "ProgramCacheHitMaxLimit", "CommitCancelled",
] as const;

const INSTRUCTION_ERRORS = [
  "GenericError", "InvalidArgument", "InvalidInstructionData", "InvalidAccountData", "AccountDataTooSmall",
  "InsufficientFunds", "IncorrectProgramId", "MissingRequiredSignature", "AccountAlreadyInitialized",
  "UninitializedAccount", "UnbalancedInstruction", "ModifiedProgramId", "ExternalAccountLamportSpend",
  "ExternalAccountDataModified", "ReadonlyLamportChange", "ReadonlyDataModified", "DuplicateAccountIndex",
  "ExecutableModified", "RentEpochModified", "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable",
  "AccountBorrowFailed", "AccountBorrowOutstanding", "DuplicateAccountOutOfSync", "InvalidError",
  "ExecutableDataModified", "ExecutableLamportChange", "ExecutableAccountNotRentExempt", "UnsupportedProgramId",
  "CallDepth", "MissingAccount", "ReentrancyNotAllowed", "MaxSeedLengthExceeded", "InvalidSeeds", "InvalidRealloc",
  "ComputationalBudgetExceeded", "PrivilegeEscalation", "ProgramEnvironmentSetupFailure", "ProgramFailedToComplete",
  "ProgramFailedToCompile", "Immutable", "IncorrectAuthority", "AccountNotRentExempt", "InvalidAccountOwner",
  "ArithmeticOverflow", "UnsupportedSysvar", "IllegalOwner", "MaxAccountsDataAllocationsExceeded",
  "MaxAccountsExceeded", "MaxInstructionTraceLengthExceeded", "BuiltinProgramsMustConsumeComputeUnits", "BorshIoError",
] as const;

type TxErr = ReturnType<FailedTransactionMetadata["err"]>;

function named(table: readonly string[], index: number, kind: string): string {
  const name = table[index];
  if (name === undefined) throw new Error(`litesvm returned ${kind} #${index}, unknown to this adapter`);
  return name;
}

function instructionErrorJson(err: unknown): TransactionErrorJson {
  if (typeof err === "number") return named(INSTRUCTION_ERRORS, err, "InstructionError");
  if (err && typeof err === "object" && "code" in err) return { Custom: (err as { code: number }).code };
  if (err && typeof err === "object" && "msg" in err) return { BorshIoError: (err as { msg: string }).msg };
  throw new Error(`unexpected InstructionError from litesvm: ${String(err)}`);
}

/** The error of a failed LiteSVM transaction, as a validator's RPC serializes it. */
export function transactionErrorJson(err: TxErr): TransactionErrorJson {
  if (typeof err === "number") return named(TRANSACTION_ERRORS, err, "TransactionError");
  const kind = err.constructor.name;
  if (kind === "TransactionErrorInstructionError" && "err" in err) return { InstructionError: [err.index, instructionErrorJson(err.err())] };
  if (kind === "TransactionErrorDuplicateInstruction" && "index" in err) return { DuplicateInstruction: err.index };
  if ("accountIndex" in err) {
    const variant = kind.replace(/^TransactionError/, "");
    return { [variant]: { account_index: err.accountIndex } };
  }
  throw new Error(`unexpected TransactionError from litesvm: ${String(err)}`);
}

/** The text after "Transaction simulation failed: " in a preflight error: for an instruction error
 *  "Error processing Instruction N: …" with a custom code in hex, as Agave formats it; otherwise
 *  the variant name. */
export function describeTransactionError(err: TransactionErrorJson): string {
  if (typeof err === "string") return err;
  const [variant, payload] = Object.entries(err)[0];
  if (variant === "InstructionError" && Array.isArray(payload)) {
    const [index, inner] = payload as [number, TransactionErrorJson];
    const text =
      typeof inner === "object" && "Custom" in inner ? `custom program error: 0x${Number(inner.Custom).toString(16)}` : describeTransactionError(inner);
    return `Error processing Instruction ${index}: ${text}`;
  }
  return `${variant} ${JSON.stringify(payload)}`;
}
