// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Router} from "./Router.sol";
import {Message} from "./libs/Message.sol";

/// @title IntentPool
/// @notice Across-style fast fills. On the origin, `open` escrows the depositor's input. On the destination, a
/// filler pays the recipient from its own inventory with `fill` (once per order, optionally exclusive for a
/// while). `settle` sends a batch of fill records back to the origin in one message, which releases each escrow
/// to its filler. After `fillDeadline`, `cancel` on the destination (only if unfilled; it blocks later fills) sends
/// a message that refunds the depositor on the origin. The origin pays out only on a message from the enrolled
/// pool of the order's destination.
/// Bodies (packed): settle = 0x01 | (orderId b32 | filler b32)*;  refund = 0x02 | orderId b32.
contract IntentPool is Router {
    using SafeERC20 for IERC20;

    /// @notice An intent. orderId = keccak256(abi.encode(order)).
    struct Order {
        uint32 originDomain;
        uint32 destinationDomain;
        address depositor;
        address recipient;
        address inputToken;
        uint256 inputAmount;
        address outputToken;
        uint256 outputAmount;
        uint32 fillDeadline;
        address exclusiveFiller;
        uint32 exclusivityDeadline;
        uint256 salt;
    }

    enum DepositStatus {
        None,
        Open,
        Settled,
        Refunded
    }

    enum FillStatus {
        None,
        Filled,
        SettlementSent,
        Cancelled
    }

    /// @notice Origin-side escrow of an order.
    struct Deposit {
        DepositStatus status;
        uint32 destinationDomain;
        address depositor;
        address inputToken;
        uint256 inputAmount;
    }

    /// @notice Destination-side record of an order.
    struct FillRecord {
        FillStatus status;
        uint32 originDomain;
        address filler;
    }

    uint8 internal constant KIND_SETTLE = 1;
    uint8 internal constant KIND_REFUND = 2;
    /// @notice Handle gas of a settlement message: base + per order.
    uint32 public constant SETTLE_BASE_GAS = 60_000;
    uint32 public constant SETTLE_GAS_PER_ORDER = 45_000;
    /// @notice Handle gas of a refund message.
    uint32 public constant REFUND_GAS = 100_000;
    /// @notice Most orders one settlement message may carry.
    uint256 public constant MAX_SETTLE_BATCH = 100;

    /// @notice Origin side: escrow per order id.
    mapping(bytes32 orderId => Deposit) public deposits;
    /// @notice Destination side: fill/cancel record per order id.
    mapping(bytes32 orderId => FillRecord) public fills;

    event OrderOpened(bytes32 indexed orderId, uint32 indexed destinationDomain, address indexed depositor, Order order);
    event OrderFilled(
        bytes32 indexed orderId,
        uint32 indexed originDomain,
        address indexed filler,
        address recipient,
        address outputToken,
        uint256 outputAmount
    );
    event SettlementSent(bytes32 indexed messageId, uint32 indexed originDomain, bytes32[] orderIds);
    event OrderCancelled(bytes32 indexed orderId, uint32 indexed originDomain, bytes32 messageId);
    event OrderSettled(bytes32 indexed orderId, address indexed filler, address inputToken, uint256 inputAmount);
    event OrderRefunded(bytes32 indexed orderId, address indexed depositor, address inputToken, uint256 inputAmount);
    /// @notice A settlement or refund named an order that is not open here for that destination (nothing paid).
    event OrderMessageSkipped(bytes32 indexed orderId, uint32 indexed fromDomain, uint8 kind);

    error WrongDomain(uint32 expected, uint32 provided);
    error NotDepositor(address caller, address depositor);
    error ZeroRecipient();
    error ZeroToken();
    error ZeroAmount();
    error ExclusivityAfterFillDeadline(uint32 exclusivityDeadline, uint32 fillDeadline);
    error OrderExists(bytes32 orderId);
    error FillDeadlinePassed(uint32 fillDeadline);
    error FillDeadlineNotPassed(uint32 fillDeadline);
    error NotExclusiveFiller(address caller, address exclusiveFiller);
    error OrderNotFillable(bytes32 orderId, FillStatus status);
    error NotSettleable(bytes32 orderId, FillStatus status, uint32 originDomain);
    error InvalidBatchSize(uint256 size);
    error MalformedBody(uint256 length);

    /// @param mailbox_ Local Mailbox.
    /// @param initialOwner Owner (enrols the pools of other domains).
    constructor(address mailbox_, address initialOwner) Router(mailbox_, initialOwner) {}

    /// @notice Order id as used everywhere: keccak256(abi.encode(order)).
    function orderId(Order calldata order) public pure returns (bytes32) {
        return keccak256(abi.encode(order));
    }

    // ---------------------------------------------------------------- origin

    /// @notice Escrows `order.inputAmount` of `order.inputToken` from the depositor (the caller).
    function open(Order calldata order) external nonReentrant returns (bytes32 id) {
        if (order.originDomain != localDomain) revert WrongDomain(localDomain, order.originDomain);
        _requireRemote(order.destinationDomain);
        if (order.depositor != msg.sender) revert NotDepositor(msg.sender, order.depositor);
        if (order.recipient == address(0)) revert ZeroRecipient();
        if (order.inputToken == address(0) || order.outputToken == address(0)) revert ZeroToken();
        if (order.inputAmount == 0 || order.outputAmount == 0) revert ZeroAmount();
        if (order.fillDeadline <= block.timestamp) revert FillDeadlinePassed(order.fillDeadline);
        if (order.exclusivityDeadline > order.fillDeadline) {
            revert ExclusivityAfterFillDeadline(order.exclusivityDeadline, order.fillDeadline);
        }
        id = orderId(order);
        if (deposits[id].status != DepositStatus.None) revert OrderExists(id);
        deposits[id] = Deposit({
            status: DepositStatus.Open,
            destinationDomain: order.destinationDomain,
            depositor: order.depositor,
            inputToken: order.inputToken,
            inputAmount: order.inputAmount
        });
        emit OrderOpened(id, order.destinationDomain, order.depositor, order);
        IERC20(order.inputToken).safeTransferFrom(msg.sender, address(this), order.inputAmount);
    }

    function _handle(uint32 origin, bytes calldata body) internal override {
        if (body.length == 0) revert MalformedBody(0);
        uint8 kind = uint8(body[0]);
        if (kind == KIND_SETTLE) {
            if (body.length < 65 || (body.length - 1) % 64 != 0) revert MalformedBody(body.length);
            for (uint256 p = 1; p < body.length; p += 64) {
                bytes32 id = bytes32(body[p:p + 32]);
                address filler = Message.toAddress(bytes32(body[p + 32:p + 64]));
                _closeDeposit(id, origin, KIND_SETTLE, filler);
            }
        } else if (kind == KIND_REFUND) {
            if (body.length != 33) revert MalformedBody(body.length);
            _closeDeposit(bytes32(body[1:33]), origin, KIND_REFUND, address(0));
        } else {
            revert MalformedBody(body.length);
        }
    }

    /// @dev Pays an open escrow to the filler (settle) or back to the depositor (refund). An order never opened
    /// here is closed without payment so it can no longer be opened; anything else is skipped.
    function _closeDeposit(bytes32 id, uint32 from, uint8 kind, address filler) private {
        Deposit storage d = deposits[id];
        if (d.status == DepositStatus.Open && d.destinationDomain == from) {
            address to = kind == KIND_SETTLE ? filler : d.depositor;
            d.status = kind == KIND_SETTLE ? DepositStatus.Settled : DepositStatus.Refunded;
            if (kind == KIND_SETTLE) emit OrderSettled(id, filler, d.inputToken, d.inputAmount);
            else emit OrderRefunded(id, to, d.inputToken, d.inputAmount);
            IERC20(d.inputToken).safeTransfer(to, d.inputAmount);
            return;
        }
        if (d.status == DepositStatus.None) {
            d.status = kind == KIND_SETTLE ? DepositStatus.Settled : DepositStatus.Refunded;
            d.destinationDomain = from;
        }
        emit OrderMessageSkipped(id, from, kind);
    }

    // ---------------------------------------------------------------- destination

    /// @notice Pays the order's recipient from the caller's inventory; the caller is repaid on the origin after
    /// `settle`. One fill per order, only until `fillDeadline`, only by the exclusive filler until
    /// `exclusivityDeadline` when one is set.
    function fill(Order calldata order) external nonReentrant returns (bytes32 id) {
        if (order.destinationDomain != localDomain) revert WrongDomain(localDomain, order.destinationDomain);
        _requireRemote(order.originDomain);
        if (block.timestamp > order.fillDeadline) revert FillDeadlinePassed(order.fillDeadline);
        if (
            order.exclusiveFiller != address(0) && block.timestamp <= order.exclusivityDeadline
                && msg.sender != order.exclusiveFiller
        ) revert NotExclusiveFiller(msg.sender, order.exclusiveFiller);
        id = orderId(order);
        FillRecord storage f = fills[id];
        if (f.status != FillStatus.None) revert OrderNotFillable(id, f.status);
        fills[id] = FillRecord({status: FillStatus.Filled, originDomain: order.originDomain, filler: msg.sender});
        emit OrderFilled(id, order.originDomain, msg.sender, order.recipient, order.outputToken, order.outputAmount);
        IERC20(order.outputToken).safeTransferFrom(msg.sender, order.recipient, order.outputAmount);
    }

    /// @notice Interchain gas fee of a settlement of `count` orders to `originDomain`.
    function quoteSettle(uint32 originDomain, uint256 count) external view returns (uint256) {
        return mailbox.quoteDispatch(originDomain, _settleGas(count));
    }

    /// @notice Interchain gas fee of a cancellation refund to `originDomain`.
    function quoteCancel(uint32 originDomain) external view returns (uint256) {
        return mailbox.quoteDispatch(originDomain, REFUND_GAS);
    }

    /// @notice Sends the fill records of `orderIds` (all filled here for orders from `originDomain`) to the origin
    /// in one message; msg.value pays the Mailbox fee. Anyone may call: repayment goes to each recorded filler.
    function settle(uint32 originDomain, bytes32[] calldata orderIds)
        external
        payable
        nonReentrant
        returns (bytes32 messageId)
    {
        uint256 n = orderIds.length;
        if (n == 0 || n > MAX_SETTLE_BATCH) revert InvalidBatchSize(n);
        bytes memory body = new bytes(1 + 64 * n);
        body[0] = bytes1(KIND_SETTLE);
        for (uint256 i = 0; i < n; ++i) {
            bytes32 id = orderIds[i];
            FillRecord storage f = fills[id];
            if (f.status != FillStatus.Filled || f.originDomain != originDomain) {
                revert NotSettleable(id, f.status, f.originDomain);
            }
            f.status = FillStatus.SettlementSent;
            bytes32 filler = Message.toBytes32(f.filler);
            assembly ("memory-safe") {
                let p := add(add(body, 33), mul(i, 64))
                mstore(p, id)
                mstore(add(p, 32), filler)
            }
        }
        messageId = _dispatchPaid(originDomain, _settleGas(n), body);
        emit SettlementSent(messageId, originDomain, orderIds);
    }

    /// @notice After `fillDeadline`, closes an unfilled order here (no later fill is possible) and sends the refund
    /// message to its origin; msg.value pays the Mailbox fee. Anyone may call.
    function cancel(Order calldata order) external payable nonReentrant returns (bytes32 messageId) {
        if (order.destinationDomain != localDomain) revert WrongDomain(localDomain, order.destinationDomain);
        if (block.timestamp <= order.fillDeadline) revert FillDeadlineNotPassed(order.fillDeadline);
        bytes32 id = orderId(order);
        FillRecord storage f = fills[id];
        if (f.status != FillStatus.None) revert OrderNotFillable(id, f.status);
        fills[id] = FillRecord({status: FillStatus.Cancelled, originDomain: order.originDomain, filler: address(0)});
        messageId = _dispatchPaid(order.originDomain, REFUND_GAS, abi.encodePacked(KIND_REFUND, id));
        emit OrderCancelled(id, order.originDomain, messageId);
    }

    function _settleGas(uint256 count) private pure returns (uint32) {
        return uint32(SETTLE_BASE_GAS + SETTLE_GAS_PER_ORDER * count);
    }
}
