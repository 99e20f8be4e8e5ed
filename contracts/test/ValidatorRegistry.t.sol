// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {ValidatorRegistry} from "../src/ValidatorRegistry.sol";
import {Checkpoint, CheckpointLib} from "../src/libs/Checkpoint.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice A reporter / validator contract that re-enters the registry when it receives ETH.
contract ReenteringAccount {
    ValidatorRegistry immutable registry;
    bytes public reentry;
    bool public reentryOk;
    bytes public reentryError;

    constructor(ValidatorRegistry r) {
        registry = r;
    }

    function arm(bytes calldata data) external {
        reentry = data;
    }

    function call(bytes calldata data) external payable {
        (bool ok, bytes memory ret) = address(registry).call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        bytes memory data = reentry;
        if (data.length != 0) {
            delete reentry;
            (reentryOk, reentryError) = address(registry).call(data);
        }
    }
}

contract ValidatorRegistryTest is Test {
    ValidatorRegistry registry;
    address owner = address(0x0A);
    uint256 validatorKey = 0xA11CE;
    address validator;
    address reporter = address(0x7E9);
    bytes32 mailbox = bytes32(uint256(0xB0B));

    function setUp() public {
        registry = new ValidatorRegistry(7 days, 2_000, 1 ether, owner);
        validator = vm.addr(validatorKey);
        vm.deal(validator, 100 ether);
        vm.prank(validator);
        registry.stake{value: 10 ether}();
    }

    function _cp(bytes32 root, uint32 index) internal view returns (Checkpoint memory) {
        return Checkpoint({origin: 10, originMailbox: mailbox, root: root, index: index});
    }

    function _sig(uint256 key, Checkpoint memory cp) internal pure returns (bytes memory) {
        bytes32 h = CheckpointLib.signedHash(CheckpointLib.digest(cp.origin, cp.originMailbox, cp.root, cp.index));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, h);
        return abi.encodePacked(r, s, v);
    }

    function test_stakeUnstakeWithdraw() public {
        assertTrue(registry.isActive(validator));
        vm.prank(validator);
        registry.requestUnstake(4 ether);
        (uint256 active, uint256 pending, uint64 unlockAt,) = registry.stakes(validator);
        assertEq(active, 6 ether);
        assertEq(pending, 4 ether);
        vm.prank(validator);
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.StillLocked.selector, unlockAt));
        registry.withdraw();
        vm.warp(unlockAt);
        uint256 before = validator.balance;
        vm.prank(validator);
        registry.withdraw();
        assertEq(validator.balance - before, 4 ether);
        vm.prank(validator);
        vm.expectRevert(ValidatorRegistry.NothingToWithdraw.selector);
        registry.withdraw();
        vm.prank(validator);
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.InsufficientStake.selector, 7 ether, 6 ether));
        registry.requestUnstake(7 ether);
    }

    function test_slash_equivocation_includingPendingStake() public {
        vm.prank(validator);
        registry.requestUnstake(3 ether); // pending stake stays slashable during the delay
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 5);
        vm.expectEmit(true, true, true, true, address(registry));
        emit ValidatorRegistry.Slashed(validator, reporter, 10, 5, a.root, b.root, 10 ether, 2 ether);
        vm.prank(reporter);
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));
        assertEq(reporter.balance, 2 ether);
        assertEq(registry.slashedBalance(), 8 ether);
        (uint256 active, uint256 pending,, bool slashed) = registry.stakes(validator);
        assertEq(active + pending, 0);
        assertTrue(slashed);
        assertFalse(registry.isActive(validator));

        vm.prank(validator);
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.ValidatorSlashed.selector, validator));
        registry.stake{value: 1 ether}();
        // a second report finds nothing left
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.NotRegistered.selector, validator));
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        registry.sweepSlashed(address(this));
        vm.prank(owner);
        registry.sweepSlashed(address(0x5EE));
        assertEq(address(0x5EE).balance, 8 ether);
    }

    function test_noSlash_sameRoot() public {
        Checkpoint memory a = _cp(keccak256("a"), 5);
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.SameRoot.selector, a.root));
        registry.reportEquivocation(a, _sig(validatorKey, a), a, _sig(validatorKey, a));
    }

    function test_noSlash_differentIndex() public {
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 6);
        vm.expectRevert(ValidatorRegistry.NotEquivocation.selector);
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));
    }

    function test_noSlash_differentOriginOrMailbox() public {
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 5);
        b.origin = 11;
        vm.expectRevert(ValidatorRegistry.NotEquivocation.selector);
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));
        b.origin = 10;
        b.originMailbox = bytes32(uint256(0xC0C));
        vm.expectRevert(ValidatorRegistry.NotEquivocation.selector);
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));
    }

    function test_noSlash_unregisteredSigner() public {
        uint256 stranger = 0xB0B0;
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 5);
        vm.expectRevert(abi.encodeWithSelector(ValidatorRegistry.NotRegistered.selector, vm.addr(stranger)));
        registry.reportEquivocation(a, _sig(stranger, a), b, _sig(stranger, b));
    }

    function test_noSlash_differentSigners() public {
        uint256 other = 0xB0B0;
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 5);
        vm.expectRevert(
            abi.encodeWithSelector(ValidatorRegistry.SignerMismatch.selector, validator, vm.addr(other))
        );
        registry.reportEquivocation(a, _sig(validatorKey, a), b, _sig(other, b));
    }

    function test_reentrancy_reporterReenteringIsBlocked() public {
        ReenteringAccount attacker = new ReenteringAccount(registry);
        Checkpoint memory a = _cp(keccak256("a"), 5);
        Checkpoint memory b = _cp(keccak256("b"), 5);
        bytes memory report =
            abi.encodeCall(ValidatorRegistry.reportEquivocation, (a, _sig(validatorKey, a), b, _sig(validatorKey, b)));
        attacker.arm(report);
        attacker.call(report);
        assertFalse(attacker.reentryOk());
        assertEq(bytes4(attacker.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(address(attacker).balance, 2 ether);
    }

    function test_reentrancy_withdrawReenteringIsBlocked() public {
        ReenteringAccount v = new ReenteringAccount(registry);
        vm.deal(address(this), 5 ether);
        v.call{value: 5 ether}(abi.encodeCall(ValidatorRegistry.stake, ()));
        v.call(abi.encodeCall(ValidatorRegistry.requestUnstake, (5 ether)));
        vm.warp(block.timestamp + 7 days);
        v.arm(abi.encodeCall(ValidatorRegistry.withdraw, ()));
        v.call(abi.encodeCall(ValidatorRegistry.withdraw, ()));
        assertFalse(v.reentryOk());
        assertEq(address(v).balance, 5 ether);
    }

    function testFuzz_slashSplit(uint96 amount, uint16 bps) public {
        uint256 a_ = bound(amount, 1, 1e24);
        uint16 rewardBps = uint16(bound(bps, 0, 10_000));
        ValidatorRegistry r = new ValidatorRegistry(1 days, rewardBps, 0, owner);
        vm.deal(validator, a_);
        vm.prank(validator);
        r.stake{value: a_}();
        Checkpoint memory a = _cp(keccak256("a"), 1);
        Checkpoint memory b = _cp(keccak256("b"), 1);
        vm.prank(reporter);
        r.reportEquivocation(a, _sig(validatorKey, a), b, _sig(validatorKey, b));
        assertEq(reporter.balance + r.slashedBalance(), a_);
        assertEq(address(r).balance, r.slashedBalance());
    }
}
