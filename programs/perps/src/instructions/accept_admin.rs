use crate::accounts_ix::AcceptAdmin;
use crate::controller::admin;
use crate::events::AdminChanged;
use crate::runtime::emit_event;
use anchor_lang::prelude::*;

pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
    let mut exchange = ctx.accounts.exchange.load_mut()?;
    let previous_admin = admin::accept_admin(&mut exchange, ctx.accounts.new_admin.key())?;
    emit_event(&AdminChanged {
        previous_admin,
        admin: exchange.admin,
        timestamp: Clock::get()?.unix_timestamp,
    });
    Ok(())
}
