use crate::accounts_ix::ProposeAdmin;
use crate::controller::admin;
use crate::events::AdminProposed;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct ProposeAdminArgs {
    /// The successor; the default (all-zero) key withdraws a pending proposal.
    pub new_admin: Pubkey,
}

pub fn propose_admin(ctx: Context<ProposeAdmin>, args: ProposeAdminArgs) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    admin::propose_admin(&mut exchange, args.new_admin);
    emit_event(&AdminProposed {
        admin: exchange.admin,
        pending_admin: args.new_admin,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
