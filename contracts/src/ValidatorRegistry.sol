// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Checkpoint, CheckpointLib} from "./libs/Checkpoint.sol";

/// @title ValidatorRegistry
/// @notice L1 staking for validators, with delayed unstaking and equivocation slashing: two checkpoints for the
/// same (origin, origin mailbox, index) with different roots, signed by the same staked validator, slash its whole
/// stake (including stake waiting to be withdrawn); the reporter receives `reporterRewardBps` of it.
contract ValidatorRegistry is Ownable, ReentrancyGuardTransient {
    uint256 internal constant BPS = 10_000;

    /// @notice Delay between requesting an unstake and being able to withdraw it (covers the fraud window).
    uint64 public immutable unstakeDelay;
    /// @notice Share of a slashed stake paid to the reporter, in basis points.
    uint16 public immutable reporterRewardBps;
    /// @notice Minimum active stake for `isActive`.
    uint256 public immutable minStake;

    struct Stake {
        uint256 active;
        uint256 pending;
        uint64 unlockAt;
        bool slashed;
    }

    mapping(address validator => Stake) public stakes;
    /// @notice Slashed funds not paid to reporters, sweepable by the owner.
    uint256 public slashedBalance;

    event Staked(address indexed validator, uint256 amount, uint256 active);
    event UnstakeRequested(address indexed validator, uint256 amount, uint256 pending, uint64 unlockAt);
    event Withdrawn(address indexed validator, uint256 amount);
    event Slashed(
        address indexed validator,
        address indexed reporter,
        uint32 indexed origin,
        uint32 index,
        bytes32 rootA,
        bytes32 rootB,
        uint256 amount,
        uint256 reward
    );
    event SlashedFundsSwept(address indexed to, uint256 amount);

    error InvalidConfig();
    error ZeroAmount();
    error ValidatorSlashed(address validator);
    error InsufficientStake(uint256 requested, uint256 active);
    error NothingToWithdraw();
    error StillLocked(uint64 unlockAt);
    error NotEquivocation();
    error SameRoot(bytes32 root);
    error SignerMismatch(address signerA, address signerB);
    error NotRegistered(address signer);
    error NativeTransferFailed(address to, uint256 amount);

    /// @param unstakeDelay_ Seconds between unstake request and withdrawal.
    /// @param reporterRewardBps_ Reporter share of a slashed stake (<= 10000).
    /// @param minStake_ Minimum active stake for a validator to count as active.
    /// @param initialOwner Owner (may sweep slashed funds).
    constructor(uint64 unstakeDelay_, uint16 reporterRewardBps_, uint256 minStake_, address initialOwner)
        Ownable(initialOwner)
    {
        if (reporterRewardBps_ > BPS) revert InvalidConfig();
        unstakeDelay = unstakeDelay_;
        reporterRewardBps = reporterRewardBps_;
        minStake = minStake_;
    }

    /// @notice Adds `msg.value` to the caller's active stake (registers the caller as a validator).
    function stake() external payable {
        if (msg.value == 0) revert ZeroAmount();
        Stake storage s = stakes[msg.sender];
        if (s.slashed) revert ValidatorSlashed(msg.sender);
        s.active += msg.value;
        emit Staked(msg.sender, msg.value, s.active);
    }

    /// @notice Moves `amount` of active stake to pending; withdrawable after `unstakeDelay` (restarts the delay).
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Stake storage s = stakes[msg.sender];
        if (amount > s.active) revert InsufficientStake(amount, s.active);
        s.active -= amount;
        s.pending += amount;
        s.unlockAt = uint64(block.timestamp) + unstakeDelay;
        emit UnstakeRequested(msg.sender, amount, s.pending, s.unlockAt);
    }

    /// @notice Withdraws the caller's pending stake once unlocked.
    function withdraw() external nonReentrant {
        Stake storage s = stakes[msg.sender];
        uint256 amount = s.pending;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < s.unlockAt) revert StillLocked(s.unlockAt);
        s.pending = 0;
        emit Withdrawn(msg.sender, amount);
        _sendNative(msg.sender, amount);
    }

    /// @notice Slashes the validator that signed both `a` and `b` (same origin, mailbox and index, different roots).
    /// @param sigA 65-byte r‖s‖v signature over the EIP-191 hash of a's digest.
    /// @param sigB 65-byte r‖s‖v signature over the EIP-191 hash of b's digest.
    function reportEquivocation(Checkpoint calldata a, bytes calldata sigA, Checkpoint calldata b, bytes calldata sigB)
        external
        nonReentrant
    {
        if (a.origin != b.origin || a.originMailbox != b.originMailbox || a.index != b.index) {
            revert NotEquivocation();
        }
        if (a.root == b.root) revert SameRoot(a.root);
        address signerA = ECDSA.recover(CheckpointLib.signedHash(CheckpointLib.digest(a)), sigA);
        address signerB = ECDSA.recover(CheckpointLib.signedHash(CheckpointLib.digest(b)), sigB);
        if (signerA != signerB) revert SignerMismatch(signerA, signerB);
        Stake storage s = stakes[signerA];
        uint256 amount = s.active + s.pending;
        if (amount == 0) revert NotRegistered(signerA);
        s.active = 0;
        s.pending = 0;
        s.slashed = true;
        uint256 reward = amount * reporterRewardBps / BPS;
        slashedBalance += amount - reward;
        emit Slashed(signerA, msg.sender, a.origin, a.index, a.root, b.root, amount, reward);
        if (reward != 0) _sendNative(msg.sender, reward);
    }

    /// @notice Sends the slashed funds not paid to reporters to `to`.
    function sweepSlashed(address to) external onlyOwner nonReentrant {
        uint256 amount = slashedBalance;
        slashedBalance = 0;
        emit SlashedFundsSwept(to, amount);
        _sendNative(to, amount);
    }

    /// @notice True if `validator` has at least `minStake` active and was never slashed.
    function isActive(address validator) external view returns (bool) {
        Stake storage s = stakes[validator];
        return !s.slashed && s.active >= minStake && s.active != 0;
    }

    /// @notice The digest a validator signs (EIP-191) for a checkpoint.
    function checkpointDigest(uint32 origin, bytes32 originMailbox, bytes32 root, uint32 index)
        external
        pure
        returns (bytes32)
    {
        return CheckpointLib.digest(origin, originMailbox, root, index);
    }

    function _sendNative(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert NativeTransferFailed(to, amount);
    }
}
