//! Small enums shared by instruction arguments and events (they appear in the IDL).

use anchor_lang::prelude::*;

/// Side of an order: a bid buys base, an ask sells base.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Bid,
    Ask,
}

impl Side {
    pub fn opposite(self) -> Side {
        match self {
            Side::Bid => Side::Ask,
            Side::Ask => Side::Bid,
        }
    }
}

/// How an incoming order treats the book.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderType {
    /// Match what crosses, rest the remainder (unless the fill bound was hit while still crossing).
    Limit,
    /// Never take: fails with `PostOnlyWouldCross` if the price crosses the best opposite order.
    PostOnly,
    /// Match what crosses up to the limit price, drop the remainder (a market order is an IOC
    /// with a far limit price).
    ImmediateOrCancel,
}

/// Direction of a position as reported in `PositionUpdated`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionSide {
    Flat,
    Long,
    Short,
}
