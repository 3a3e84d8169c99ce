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

/// Why a resting order left the book without filling (`OrderCancelled.reason`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    /// `cancel_order` by its owner.
    Owner,
    /// Its price left the market's price band around the mark (`prune_orders`, or met by a
    /// taker in `place_order`).
    OutOfBand,
    /// Filling it would have left the maker below its maintenance requirement (`place_order`).
    MakerUnhealthy,
    /// It was the worst order of a full side and a better order arrived (`place_order`).
    Evicted,
    /// A fill left less than the market's minimum order notional of it (`place_order`): a
    /// remainder that could not have been placed does not rest either.
    DustRemainder,
}

/// Why the insurance fund of a market changed (`InsuranceFundChanged.reason`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsuranceReason {
    /// Its share of a liquidation penalty (`liquidate`).
    LiquidationPenalty,
    /// It covered (part of) a bankrupt position's deficit (`liquidate`).
    Bankruptcy,
}
