use crate::state::Exchange;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    /// Must be `exchange.pending_admin` (checked by the controller, `NotPendingAdmin`).
    pub new_admin: Signer<'info>,
    #[account(mut, seeds = [Exchange::SEED], bump = exchange.load()?.bump)]
    pub exchange: AccountLoader<'info, Exchange>,
}
