// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {TokenBridge} from "./TokenBridge.sol";
import {PriceFeed} from "./PriceFeed.sol";
import {ITokenBridgeRecipient} from "./interfaces/ITokenBridgeRecipient.sol";
import {Message} from "./libs/Message.sol";

/// @title PositionManager
/// @notice Isolated-margin perpetual positions on PriceFeed prices, margined in the bridged collateral (6
/// decimals). The manager's liquidity pool is the counterparty: it pays profits and receives losses.
/// Migration: `migrate` removes a position and sends it, with its margin, through the TokenBridge as ONE payload
/// transfer (burn here, mint at the destination), so the collateral supply invariant holds and the margin and the
/// position arrive atomically. The destination manager re-opens it under the same id, or - if the market is
/// missing, the price unavailable or the margin below the initial requirement at its price - parks it for
/// `bounce`, which sends it back the same way; the origin then restores it exactly (same id, fields and margin).
/// Only the local TokenBridge may call `onTokenBridged`, and only for transfers sent by the enrolled manager of the
/// origin domain.
/// Units: size = base units with 18 decimals, price = 18-decimal USD, notional = size * price / 1e30 collateral units.
/// Payload: abi.encode(uint8 kind (1 migrate, 2 bounce), uint256 positionId, Position position).
contract PositionManager is ITokenBridgeRecipient, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant VALUE_SCALE = 1e30;
    uint8 internal constant KIND_MIGRATE = 1;
    uint8 internal constant KIND_BOUNCE = 2;

    /// @notice Why a migrated position could not be re-opened here.
    enum RejectReason {
        None,
        MarketUnavailable,
        PriceUnavailable,
        InsufficientMargin,
        PositionIdTaken
    }

    struct Market {
        bool enabled;
        uint16 initialMarginBps;
        uint16 maintenanceMarginBps;
        uint16 liquidationFeeBps;
    }

    struct Position {
        address owner;
        bool isLong;
        bytes32 market;
        uint128 size;
        uint128 entryPrice;
        uint128 margin;
    }

    /// @notice A migrated position this manager could not re-open, waiting to be sent back.
    struct PendingBounce {
        uint32 origin;
        Position position;
    }

    TokenBridge public immutable bridge;
    IERC20 public immutable collateral;
    PriceFeed public immutable priceFeed;
    uint32 public immutable localDomain;

    mapping(bytes32 market => Market) public markets;
    mapping(uint256 positionId => Position) public positions;
    mapping(uint256 positionId => PendingBounce) public pendingBounces;
    /// @notice Enrolled manager (as bytes32) per remote domain.
    mapping(uint32 domain => bytes32) public remoteManager;
    /// @notice Counterparty liquidity (collateral units).
    uint256 public poolBalance;
    /// @notice Sum of the margins of open positions.
    uint256 public totalMargin;
    /// @notice Sum of the margins of positions waiting in `pendingBounces`.
    uint256 public pendingBounceMargin;
    /// @notice Handle gas of a migration or bounce transfer at the destination.
    uint32 public migrationGasLimit = 500_000;
    uint64 public positionCount;

    event MarketSet(bytes32 indexed market, bool enabled, uint16 initialMarginBps, uint16 maintenanceMarginBps, uint16 liquidationFeeBps);
    event RemoteManagerEnrolled(uint32 indexed domain, bytes32 manager);
    event MigrationGasLimitSet(uint32 gasLimit);
    event PoolFunded(address indexed from, uint256 amount, uint256 poolBalance);
    event PoolWithdrawn(address indexed to, uint256 amount, uint256 poolBalance);
    event PositionOpened(
        uint256 indexed positionId,
        address indexed owner,
        bytes32 indexed market,
        bool isLong,
        uint256 size,
        uint256 entryPrice,
        uint256 margin
    );
    event MarginAdded(uint256 indexed positionId, uint256 amount, uint256 margin);
    event PositionClosed(uint256 indexed positionId, address indexed owner, uint256 price, int256 pnl, uint256 payout);
    event PositionLiquidated(
        uint256 indexed positionId, address indexed liquidator, uint256 price, int256 pnl, uint256 fee
    );
    event PositionMigrating(uint256 indexed positionId, uint32 indexed destination, bytes32 messageId);
    event PositionMigratedIn(uint256 indexed positionId, uint32 indexed origin, address indexed owner);
    event MigrationRejected(uint256 indexed positionId, uint32 indexed origin, RejectReason reason);
    event PositionBounced(uint256 indexed positionId, uint32 indexed origin, bytes32 messageId);
    event PositionRestored(uint256 indexed positionId, uint32 indexed fromDomain, address indexed owner);

    error InvalidMarketConfig();
    error MarketNotEnabled(bytes32 market);
    error ZeroSize();
    error InsufficientMargin(uint256 required, uint256 provided);
    error UnknownPosition(uint256 positionId);
    error NotPositionOwner(address caller, address owner);
    error NotLiquidatable(int256 equity, uint256 maintenance);
    error Liquidatable(int256 equity, uint256 maintenance);
    error PoolInsufficient(uint256 required, uint256 available);
    error UnknownRemote(uint32 domain);
    error InvalidDomain(uint32 domain);
    error NotBridge(address caller);
    error UnauthorizedSender(uint32 origin, bytes32 sender);
    error MarginMismatch(uint256 received, uint256 margin);
    error UnknownPayloadKind(uint8 kind);
    error NoPendingBounce(uint256 positionId);
    error PositionExists(uint256 positionId);
    error CollateralMustHave6Decimals(uint8 decimals);
    error InsufficientFee(uint256 required, uint256 provided);
    error NativeTransferFailed(address to, uint256 amount);

    /// @param bridge_ The local TokenBridge of the collateral (synthetic mode on an L2).
    /// @param priceFeed_ The local PriceFeed.
    /// @param initialOwner Owner (markets, remote managers, pool withdrawals).
    constructor(address bridge_, address priceFeed_, address initialOwner) Ownable(initialOwner) {
        bridge = TokenBridge(bridge_);
        collateral = IERC20(TokenBridge(bridge_).token());
        uint8 d = IERC20Metadata(address(collateral)).decimals();
        if (d != 6) revert CollateralMustHave6Decimals(d);
        priceFeed = PriceFeed(priceFeed_);
        localDomain = TokenBridge(bridge_).localDomain();
    }

    // ---------------------------------------------------------------- admin

    /// @notice Lists or updates a market (margins in basis points; maintenance <= initial).
    function setMarket(bytes32 market, bool enabled, uint16 initialMarginBps, uint16 maintenanceMarginBps, uint16 liquidationFeeBps)
        external
        onlyOwner
    {
        if (
            initialMarginBps == 0 || initialMarginBps > BPS || maintenanceMarginBps == 0
                || maintenanceMarginBps > initialMarginBps || liquidationFeeBps > maintenanceMarginBps
        ) revert InvalidMarketConfig();
        markets[market] = Market(enabled, initialMarginBps, maintenanceMarginBps, liquidationFeeBps);
        emit MarketSet(market, enabled, initialMarginBps, maintenanceMarginBps, liquidationFeeBps);
    }

    /// @notice Enrols (or with zero, removes) the PositionManager of a remote domain.
    function enrollRemoteManager(uint32 domain, bytes32 manager) external onlyOwner {
        if (domain == 0 || domain == localDomain) revert InvalidDomain(domain);
        remoteManager[domain] = manager;
        emit RemoteManagerEnrolled(domain, manager);
    }

    /// @notice Sets the destination handle gas used for migrations and bounces.
    function setMigrationGasLimit(uint32 gasLimit) external onlyOwner {
        migrationGasLimit = gasLimit;
        emit MigrationGasLimitSet(gasLimit);
    }

    /// @notice Adds counterparty liquidity (anyone).
    function fundPool(uint256 amount) external nonReentrant {
        poolBalance += amount;
        emit PoolFunded(msg.sender, amount, poolBalance);
        collateral.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Withdraws counterparty liquidity (owner only).
    function withdrawPool(uint256 amount, address to) external onlyOwner nonReentrant {
        if (amount > poolBalance) revert PoolInsufficient(amount, poolBalance);
        poolBalance -= amount;
        emit PoolWithdrawn(to, amount, poolBalance);
        collateral.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- trading

    /// @notice Opens a position at the current price; `margin` must cover the initial margin.
    function open(bytes32 market, bool isLong, uint128 size, uint128 margin)
        external
        nonReentrant
        returns (uint256 positionId)
    {
        Market memory m = markets[market];
        if (!m.enabled) revert MarketNotEnabled(market);
        if (size == 0) revert ZeroSize();
        (uint256 price,) = priceFeed.getPrice(market);
        uint256 required = _notional(size, price) * m.initialMarginBps / BPS;
        if (margin < required || margin == 0) revert InsufficientMargin(required, margin);
        positionId = (uint256(localDomain) << 64) | ++positionCount;
        positions[positionId] = Position(msg.sender, isLong, market, size, uint128(price), margin);
        totalMargin += margin;
        emit PositionOpened(positionId, msg.sender, market, isLong, size, price, margin);
        collateral.safeTransferFrom(msg.sender, address(this), margin);
    }

    /// @notice Adds margin to the caller's position.
    function addMargin(uint256 positionId, uint128 amount) external nonReentrant {
        Position storage p = _owned(positionId);
        p.margin += amount;
        totalMargin += amount;
        emit MarginAdded(positionId, amount, p.margin);
        collateral.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Closes the caller's position at the current price and pays out margin + PnL (floored at zero).
    function close(uint256 positionId) external nonReentrant {
        Position memory p = _owned(positionId);
        (uint256 price,) = priceFeed.getPrice(p.market);
        int256 pnl = _pnl(p, price);
        uint256 payout;
        if (pnl >= 0) {
            uint256 profit = uint256(pnl);
            if (profit > poolBalance) revert PoolInsufficient(profit, poolBalance);
            poolBalance -= profit;
            payout = p.margin + profit;
        } else {
            uint256 loss = uint256(-pnl);
            if (loss > p.margin) loss = p.margin;
            poolBalance += loss;
            payout = p.margin - loss;
        }
        delete positions[positionId];
        totalMargin -= p.margin;
        emit PositionClosed(positionId, p.owner, price, pnl, payout);
        if (payout != 0) collateral.safeTransfer(p.owner, payout);
    }

    /// @notice Liquidates a position whose equity is below maintenance margin; the caller earns the liquidation fee
    /// (capped at the remaining equity) and the rest of the margin goes to the pool.
    function liquidate(uint256 positionId) external nonReentrant {
        Position memory p = positions[positionId];
        if (p.owner == address(0)) revert UnknownPosition(positionId);
        Market memory m = markets[p.market];
        (uint256 price,) = priceFeed.getPrice(p.market);
        int256 pnl = _pnl(p, price);
        int256 equity = int256(uint256(p.margin)) + pnl;
        uint256 notional = _notional(p.size, price);
        uint256 maintenance = notional * m.maintenanceMarginBps / BPS;
        if (equity >= int256(maintenance)) revert NotLiquidatable(equity, maintenance);
        uint256 fee = notional * m.liquidationFeeBps / BPS;
        if (equity <= 0) fee = 0;
        else if (fee > uint256(equity)) fee = uint256(equity);
        delete positions[positionId];
        totalMargin -= p.margin;
        poolBalance += p.margin - fee;
        emit PositionLiquidated(positionId, msg.sender, price, pnl, fee);
        if (fee != 0) collateral.safeTransfer(msg.sender, fee);
    }

    // ---------------------------------------------------------------- migration

    /// @notice Interchain gas fee of a migration or bounce to `destination`.
    function quoteMigrate(uint32 destination) external view returns (uint256) {
        return bridge.quoteTransferRemoteWithPayload(destination, migrationGasLimit);
    }

    /// @notice Moves the caller's position and its margin to `destination` (must not be liquidatable here);
    /// msg.value pays the bridge fee, excess refunded.
    function migrate(uint256 positionId, uint32 destination) external payable nonReentrant returns (bytes32 messageId) {
        Position memory p = _owned(positionId);
        bytes32 remote = remoteManager[destination];
        if (remote == bytes32(0)) revert UnknownRemote(destination);
        Market memory m = markets[p.market];
        (uint256 price,) = priceFeed.getPrice(p.market);
        int256 equity = int256(uint256(p.margin)) + _pnl(p, price);
        uint256 maintenance = _notional(p.size, price) * m.maintenanceMarginBps / BPS;
        if (equity < int256(maintenance)) revert Liquidatable(equity, maintenance);
        delete positions[positionId];
        totalMargin -= p.margin;
        messageId = _send(destination, remote, KIND_MIGRATE, positionId, p);
        emit PositionMigrating(positionId, destination, messageId);
    }

    /// @notice Sends a rejected migrated position back to its origin (anyone; msg.value pays the bridge fee).
    function bounce(uint256 positionId) external payable nonReentrant returns (bytes32 messageId) {
        PendingBounce memory b = pendingBounces[positionId];
        if (b.position.owner == address(0)) revert NoPendingBounce(positionId);
        delete pendingBounces[positionId];
        pendingBounceMargin -= b.position.margin;
        messageId = _send(b.origin, remoteManager[b.origin], KIND_BOUNCE, positionId, b.position);
        emit PositionBounced(positionId, b.origin, messageId);
    }

    /// @inheritdoc ITokenBridgeRecipient
    function onTokenBridged(uint32 origin, bytes32 sender, uint256 amount, bytes calldata payload) external {
        if (msg.sender != address(bridge)) revert NotBridge(msg.sender);
        bytes32 expected = remoteManager[origin];
        if (expected == bytes32(0) || sender != expected) revert UnauthorizedSender(origin, sender);
        (uint8 kind, uint256 positionId, Position memory p) = abi.decode(payload, (uint8, uint256, Position));
        if (amount != p.margin) revert MarginMismatch(amount, p.margin);
        if (kind == KIND_MIGRATE) {
            RejectReason reason = _reopenCheck(positionId, p);
            if (reason == RejectReason.None) {
                positions[positionId] = p;
                totalMargin += p.margin;
                emit PositionMigratedIn(positionId, origin, p.owner);
            } else {
                pendingBounces[positionId] = PendingBounce(origin, p);
                pendingBounceMargin += p.margin;
                emit MigrationRejected(positionId, origin, reason);
            }
        } else if (kind == KIND_BOUNCE) {
            if (positions[positionId].owner != address(0)) revert PositionExists(positionId);
            positions[positionId] = p;
            totalMargin += p.margin;
            emit PositionRestored(positionId, origin, p.owner);
        } else {
            revert UnknownPayloadKind(kind);
        }
    }

    // ---------------------------------------------------------------- views

    /// @notice Unrealised PnL of a position at the current price.
    function unrealizedPnl(uint256 positionId) external view returns (int256) {
        Position memory p = positions[positionId];
        if (p.owner == address(0)) revert UnknownPosition(positionId);
        (uint256 price,) = priceFeed.getPrice(p.market);
        return _pnl(p, price);
    }

    /// @notice True if the position's equity is below maintenance margin at the current price.
    function isLiquidatable(uint256 positionId) external view returns (bool) {
        Position memory p = positions[positionId];
        if (p.owner == address(0)) revert UnknownPosition(positionId);
        (uint256 price,) = priceFeed.getPrice(p.market);
        int256 equity = int256(uint256(p.margin)) + _pnl(p, price);
        return equity < int256(_notional(p.size, price) * markets[p.market].maintenanceMarginBps / BPS);
    }

    // ---------------------------------------------------------------- internals

    function _owned(uint256 positionId) private view returns (Position storage p) {
        p = positions[positionId];
        if (p.owner == address(0)) revert UnknownPosition(positionId);
        if (p.owner != msg.sender) revert NotPositionOwner(msg.sender, p.owner);
    }

    function _notional(uint256 size, uint256 price) private pure returns (uint256) {
        return size * price / VALUE_SCALE;
    }

    function _pnl(Position memory p, uint256 price) private pure returns (int256) {
        int256 diff = int256(price) - int256(uint256(p.entryPrice));
        int256 pnl = int256(uint256(p.size)) * diff / int256(VALUE_SCALE);
        return p.isLong ? pnl : -pnl;
    }

    function _reopenCheck(uint256 positionId, Position memory p) private view returns (RejectReason) {
        Market memory m = markets[p.market];
        if (!m.enabled) return RejectReason.MarketUnavailable;
        (bool fresh, uint256 price) = priceFeed.tryGetPrice(p.market);
        if (!fresh) return RejectReason.PriceUnavailable;
        int256 equity = int256(uint256(p.margin)) + _pnl(p, price);
        if (equity < int256(_notional(p.size, price) * m.initialMarginBps / BPS)) return RejectReason.InsufficientMargin;
        if (positions[positionId].owner != address(0)) return RejectReason.PositionIdTaken;
        return RejectReason.None;
    }

    /// @dev One TokenBridge payload transfer carrying the position and its margin; refunds excess msg.value.
    function _send(uint32 destination, bytes32 remote, uint8 kind, uint256 positionId, Position memory p)
        private
        returns (bytes32 messageId)
    {
        uint256 fee = bridge.quoteTransferRemoteWithPayload(destination, migrationGasLimit);
        if (msg.value < fee) revert InsufficientFee(fee, msg.value);
        if (bridge.isCollateral()) collateral.forceApprove(address(bridge), p.margin); // synthetic mode burns
        messageId = bridge.transferRemoteWithPayload{value: fee}(
            destination, remote, p.margin, migrationGasLimit, abi.encode(kind, positionId, p)
        );
        if (msg.value > fee) {
            (bool ok,) = msg.sender.call{value: msg.value - fee}("");
            if (!ok) revert NativeTransferFailed(msg.sender, msg.value - fee);
        }
    }
}
