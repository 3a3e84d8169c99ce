//! The program's crates (anchor-lang 0.32: solana 2.x types) and the runtime's (Agave 4.2) name
//! the same things with different types; they meet here, by bytes.

use anchor_lang::solana_program::{
    instruction::Instruction as ProgramInstruction, pubkey::Pubkey as ProgramPubkey,
};
use solana_instruction::{AccountMeta, Instruction};
use solana_pubkey::Pubkey;

/// A key of the program's crates as the runtime's.
pub fn key(pubkey: &ProgramPubkey) -> Pubkey {
    Pubkey::new_from_array(pubkey.to_bytes())
}

/// A key of the runtime as the program's crates'.
pub fn program_key(pubkey: &Pubkey) -> ProgramPubkey {
    ProgramPubkey::new_from_array(pubkey.to_bytes())
}

/// An instruction built with the program's crates (Anchor's `InstructionData` /
/// `ToAccountMetas`, SPL helpers) as the runtime's.
pub fn instruction(instruction: &ProgramInstruction) -> Instruction {
    Instruction {
        program_id: key(&instruction.program_id),
        accounts: instruction
            .accounts
            .iter()
            .map(|meta| AccountMeta {
                pubkey: key(&meta.pubkey),
                is_signer: meta.is_signer,
                is_writable: meta.is_writable,
            })
            .collect(),
        data: instruction.data.clone(),
    }
}
