// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Router} from "./Router.sol";
import {BridgedToken} from "./tokens/BridgedToken.sol";
import {ITokenBridgeRecipient} from "./interfaces/ITokenBridgeRecipient.sol";
import {Message} from "./libs/Message.sol";

/// @title TokenBridge
/// @notice Canonical bridge of one collateral asset. On L1 (collateral mode) it locks the ERC20; on L2s
/// (synthetic mode) it mints and burns the BridgedToken, so L2 <-> L2 is burn then mint.
/// Supply invariant: L1 `locked` == sum of L2 token supplies + in flight, where in flight is, over every ordered
/// pair of bridges (A, B), `A.sentTo(B) - B.receivedFrom(A)`, plus every bridge's `heldTotal`.
/// Damage caps: token-bucket rate limits per route and direction (the asset is this bridge's token), large
/// transfers held for a delay on the destination, and guardians that can curse (pause) a route; lifting a curse
/// is timelocked.
/// Body (packed): kind u8 (0 transfer, 1 transfer with payload) | recipient b32 | amount u256
///                [| sender b32 | payload bytes]   (kind 1 only)
contract TokenBridge is Router {
    using SafeERC20 for IERC20;

    uint8 internal constant KIND_TRANSFER = 0;
    uint8 internal constant KIND_TRANSFER_WITH_PAYLOAD = 1;
    /// @notice Handle gas of a plain transfer when no per-destination value is set.
    uint32 public constant DEFAULT_TRANSFER_GAS = 150_000;

    /// @notice The bridged asset (collateral ERC20 on L1, BridgedToken on L2s).
    address public immutable token;
    /// @notice True on L1 (lock/unlock), false on L2s (mint/burn).
    bool public immutable isCollateral;
    /// @notice Delay between scheduling and executing the lifting of a curse.
    uint64 public immutable uncurseDelay;

    /// @notice Token-bucket state: `tokens` refill at `ratePerSecond` up to `capacity`.
    struct Bucket {
        uint128 capacity;
        uint128 ratePerSecond;
        uint128 tokens;
        uint64 updatedAt;
        bool enabled;
    }

    /// @notice A large inbound transfer waiting for its release time.
    struct Hold {
        address recipient;
        uint32 origin;
        uint64 releaseAt;
        uint256 amount;
        bytes32 sender;
        bool withPayload;
        bytes payload;
    }

    /// @notice Curse state of a route (remote domain).
    struct RouteStatus {
        bool cursed;
        uint64 uncurseAt;
    }

    /// @notice Collateral mode: tokens locked against remote supply.
    uint256 public locked;
    /// @notice Total amount sent to each domain.
    mapping(uint32 domain => uint256) public sentTo;
    /// @notice Total amount accepted from each domain (released or held).
    mapping(uint32 domain => uint256) public receivedFrom;
    /// @notice Amount currently held (accepted but not released).
    uint256 public heldTotal;
    /// @notice Handle gas for plain transfers per destination (0: DEFAULT_TRANSFER_GAS).
    mapping(uint32 domain => uint32) public transferGas;

    mapping(uint32 domain => Bucket) public outboundLimit;
    mapping(uint32 domain => Bucket) public inboundLimit;

    /// @notice Inbound transfers strictly above this amount are held for `largeTransferDelay`.
    uint256 public largeTransferThreshold = type(uint256).max;
    uint64 public largeTransferDelay;
    mapping(uint256 holdId => Hold) public holds;
    uint256 public holdCount;

    mapping(address => bool) public isGuardian;
    mapping(uint32 domain => RouteStatus) public routeStatus;

    event TransferSent(
        bytes32 indexed messageId,
        uint32 indexed destination,
        address indexed sender,
        bytes32 recipient,
        uint256 amount,
        bool withPayload
    );
    event TransferReceived(uint32 indexed origin, address indexed recipient, uint256 amount);
    event TransferHeld(
        uint256 indexed holdId, uint32 indexed origin, address indexed recipient, uint256 amount, uint64 releaseAt
    );
    event HoldReleased(uint256 indexed holdId, address indexed recipient, uint256 amount);
    event TransferGasSet(uint32 indexed domain, uint32 gasLimit);
    event RateLimitSet(uint32 indexed domain, bool outbound, bool enabled, uint128 capacity, uint128 ratePerSecond);
    event LargeTransferRuleSet(uint256 threshold, uint64 delay);
    event GuardianSet(address indexed guardian, bool enabled);
    event RouteCursed(uint32 indexed domain, address indexed guardian);
    event UncurseScheduled(uint32 indexed domain, uint64 executableAt);
    event RouteUncursed(uint32 indexed domain);

    error ZeroAmount();
    error InvalidRecipient(bytes32 recipient);
    error RateLimited(uint32 domain, bool outbound, uint256 amount, uint256 available);
    error RouteIsCursed(uint32 domain);
    error RouteNotCursed(uint32 domain);
    error UncurseNotReady(uint64 executableAt);
    error NotGuardian(address caller);
    error MalformedBody(uint256 length);
    error UnknownHold(uint256 holdId);
    error HoldNotMature(uint64 releaseAt);

    /// @param mailbox_ Local Mailbox.
    /// @param token_ Collateral ERC20 (collateral mode) or BridgedToken (synthetic mode; grant this bridge minter).
    /// @param isCollateral_ True on L1.
    /// @param uncurseDelay_ Timelock in seconds for lifting a curse.
    /// @param initialOwner Owner (routers, limits, guardians).
    constructor(address mailbox_, address token_, bool isCollateral_, uint64 uncurseDelay_, address initialOwner)
        Router(mailbox_, initialOwner)
    {
        token = token_;
        isCollateral = isCollateral_;
        uncurseDelay = uncurseDelay_;
    }

    // ---------------------------------------------------------------- sending

    /// @notice Interchain gas fee for a plain transfer to `destination`.
    function quoteTransferRemote(uint32 destination) external view returns (uint256) {
        return mailbox.quoteDispatch(destination, _transferGas(destination));
    }

    /// @notice Interchain gas fee for a payload transfer with `gasLimit`.
    function quoteTransferRemoteWithPayload(uint32 destination, uint32 gasLimit) external view returns (uint256) {
        return mailbox.quoteDispatch(destination, gasLimit);
    }

    /// @notice Sends `amount` to `recipient` on `destination`; msg.value pays the Mailbox fee (excess refunded).
    /// Collateral mode pulls the tokens (approve first); synthetic mode burns them from the caller.
    function transferRemote(uint32 destination, bytes32 recipient, uint256 amount)
        external
        payable
        nonReentrant
        returns (bytes32 messageId)
    {
        _pull(destination, recipient, amount);
        messageId = _dispatchPaid(
            destination, _transferGas(destination), abi.encodePacked(KIND_TRANSFER, recipient, amount)
        );
        emit TransferSent(messageId, destination, msg.sender, recipient, amount, false);
    }

    /// @notice Sends `amount` to the contract `recipient` on `destination` and calls its
    /// `onTokenBridged(origin, sender, amount, payload)` in the same message, with `gasLimit` for the whole handle.
    function transferRemoteWithPayload(
        uint32 destination,
        bytes32 recipient,
        uint256 amount,
        uint32 gasLimit,
        bytes calldata payload
    ) external payable nonReentrant returns (bytes32 messageId) {
        _pull(destination, recipient, amount);
        messageId = _dispatchPaid(
            destination,
            gasLimit,
            abi.encodePacked(KIND_TRANSFER_WITH_PAYLOAD, recipient, amount, Message.toBytes32(msg.sender), payload)
        );
        emit TransferSent(messageId, destination, msg.sender, recipient, amount, true);
    }

    function _pull(uint32 destination, bytes32 recipient, uint256 amount) private {
        _requireRemote(destination);
        if (amount == 0) revert ZeroAmount();
        if (recipient == bytes32(0) || uint256(recipient) >> 160 != 0) revert InvalidRecipient(recipient);
        _requireNotCursed(destination);
        _consume(outboundLimit[destination], destination, true, amount);
        sentTo[destination] += amount;
        if (isCollateral) {
            locked += amount;
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        } else {
            BridgedToken(token).burn(msg.sender, amount);
        }
    }

    // ---------------------------------------------------------------- receiving

    function _handle(uint32 origin, bytes calldata body) internal override {
        if (body.length < 65) revert MalformedBody(body.length);
        uint8 kind = uint8(body[0]);
        address recipient = Message.toAddress(bytes32(body[1:33]));
        uint256 amount = uint256(bytes32(body[33:65]));
        bool withPayload;
        bytes32 sender;
        if (kind == KIND_TRANSFER) {
            if (body.length != 65) revert MalformedBody(body.length);
        } else if (kind == KIND_TRANSFER_WITH_PAYLOAD) {
            if (body.length < 97) revert MalformedBody(body.length);
            withPayload = true;
            sender = bytes32(body[65:97]);
        } else {
            revert MalformedBody(body.length);
        }
        bytes calldata payload = withPayload ? body[97:] : body[0:0];

        _requireNotCursed(origin);
        _consume(inboundLimit[origin], origin, false, amount);
        receivedFrom[origin] += amount;

        if (amount > largeTransferThreshold) {
            uint256 holdId = ++holdCount;
            uint64 releaseAt = uint64(block.timestamp) + largeTransferDelay;
            holds[holdId] = Hold({
                recipient: recipient,
                origin: origin,
                releaseAt: releaseAt,
                amount: amount,
                sender: sender,
                withPayload: withPayload,
                payload: payload
            });
            heldTotal += amount;
            emit TransferHeld(holdId, origin, recipient, amount, releaseAt);
            return;
        }
        _release(origin, recipient, amount, sender, withPayload, payload);
    }

    /// @notice Releases a held transfer once its delay passed and its route is not cursed (anyone may call).
    function claim(uint256 holdId) external nonReentrant {
        Hold memory h = holds[holdId];
        if (h.recipient == address(0)) revert UnknownHold(holdId);
        if (block.timestamp < h.releaseAt) revert HoldNotMature(h.releaseAt);
        _requireNotCursed(h.origin);
        delete holds[holdId];
        heldTotal -= h.amount;
        emit HoldReleased(holdId, h.recipient, h.amount);
        _release(h.origin, h.recipient, h.amount, h.sender, h.withPayload, h.payload);
    }

    function _release(
        uint32 origin,
        address recipient,
        uint256 amount,
        bytes32 sender,
        bool withPayload,
        bytes memory payload
    ) private {
        if (isCollateral) {
            locked -= amount; // never unlock more than was locked, whatever remote chains claim
            IERC20(token).safeTransfer(recipient, amount);
        } else {
            BridgedToken(token).mint(recipient, amount);
        }
        emit TransferReceived(origin, recipient, amount);
        if (withPayload) ITokenBridgeRecipient(recipient).onTokenBridged(origin, sender, amount, payload);
    }

    // ---------------------------------------------------------------- rate limits

    /// @notice Configures the token bucket of a route; `outbound` selects sending to vs receiving from `domain`.
    /// A newly enabled bucket starts full; a disabled bucket does not limit.
    function setRateLimit(uint32 domain, bool outbound, bool enabled, uint128 capacity, uint128 ratePerSecond)
        external
        onlyOwner
    {
        Bucket storage b = outbound ? outboundLimit[domain] : inboundLimit[domain];
        uint256 current = b.enabled ? _available(b) : capacity;
        b.capacity = capacity;
        b.ratePerSecond = ratePerSecond;
        b.tokens = uint128(current < capacity ? current : capacity);
        b.updatedAt = uint64(block.timestamp);
        b.enabled = enabled;
        emit RateLimitSet(domain, outbound, enabled, capacity, ratePerSecond);
    }

    /// @notice Amount that can be sent to `domain` now (max uint when unlimited).
    function availableOutbound(uint32 domain) external view returns (uint256) {
        Bucket storage b = outboundLimit[domain];
        return b.enabled ? _available(b) : type(uint256).max;
    }

    /// @notice Amount that can be received from `domain` now (max uint when unlimited).
    function availableInbound(uint32 domain) external view returns (uint256) {
        Bucket storage b = inboundLimit[domain];
        return b.enabled ? _available(b) : type(uint256).max;
    }

    function _available(Bucket storage b) private view returns (uint256) {
        uint256 refilled = uint256(b.tokens) + (block.timestamp - b.updatedAt) * uint256(b.ratePerSecond);
        return refilled < b.capacity ? refilled : b.capacity;
    }

    function _consume(Bucket storage b, uint32 domain, bool outbound, uint256 amount) private {
        if (!b.enabled) return;
        uint256 available = _available(b);
        if (amount > available) revert RateLimited(domain, outbound, amount, available);
        b.tokens = uint128(available - amount);
        b.updatedAt = uint64(block.timestamp);
    }

    // ---------------------------------------------------------------- admin, guardians

    /// @notice Sets the handle gas of plain transfers to `domain` (0 restores the default).
    function setTransferGas(uint32 domain, uint32 gasLimit) external onlyOwner {
        transferGas[domain] = gasLimit;
        emit TransferGasSet(domain, gasLimit);
    }

    /// @notice Inbound transfers above `threshold` are held for `delay` seconds before they can be claimed.
    function setLargeTransferRule(uint256 threshold, uint64 delay) external onlyOwner {
        largeTransferThreshold = threshold;
        largeTransferDelay = delay;
        emit LargeTransferRuleSet(threshold, delay);
    }

    /// @notice Adds or removes a guardian.
    function setGuardian(address guardian, bool enabled) external onlyOwner {
        isGuardian[guardian] = enabled;
        emit GuardianSet(guardian, enabled);
    }

    /// @notice Pauses the route to and from `domain` (guardians only); also cancels a scheduled uncurse.
    function curse(uint32 domain) external {
        if (!isGuardian[msg.sender]) revert NotGuardian(msg.sender);
        routeStatus[domain] = RouteStatus({cursed: true, uncurseAt: 0});
        emit RouteCursed(domain, msg.sender);
    }

    /// @notice Starts the timelock for lifting the curse of `domain` (owner only).
    function scheduleUncurse(uint32 domain) external onlyOwner {
        RouteStatus storage s = routeStatus[domain];
        if (!s.cursed) revert RouteNotCursed(domain);
        s.uncurseAt = uint64(block.timestamp) + uncurseDelay;
        emit UncurseScheduled(domain, s.uncurseAt);
    }

    /// @notice Lifts the curse of `domain` once the scheduled timelock passed (anyone may call).
    function uncurse(uint32 domain) external {
        RouteStatus storage s = routeStatus[domain];
        if (!s.cursed) revert RouteNotCursed(domain);
        if (s.uncurseAt == 0 || block.timestamp < s.uncurseAt) revert UncurseNotReady(s.uncurseAt);
        delete routeStatus[domain];
        emit RouteUncursed(domain);
    }

    // ---------------------------------------------------------------- internals

    function _transferGas(uint32 destination) private view returns (uint32) {
        uint32 g = transferGas[destination];
        return g == 0 ? DEFAULT_TRANSFER_GAS : g;
    }

    function _requireNotCursed(uint32 domain) private view {
        if (routeStatus[domain].cursed) revert RouteIsCursed(domain);
    }
}
