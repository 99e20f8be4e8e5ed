// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BridgeFixture} from "./utils/BridgeFixture.sol";
import {TokenBridge} from "../src/TokenBridge.sol";
import {Router} from "../src/Router.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {ITokenBridgeRecipient} from "../src/interfaces/ITokenBridgeRecipient.sol";
import {Message} from "../src/libs/Message.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Payload recipient that records calls and can re-enter the bridge.
contract PayloadRecipient is ITokenBridgeRecipient {
    TokenBridge immutable bridge;
    uint32 public lastOrigin;
    bytes32 public lastSender;
    uint256 public lastAmount;
    bytes public lastPayload;
    bytes public reentry;
    bool public reentryOk;
    bytes public reentryError;

    constructor(TokenBridge b) {
        bridge = b;
    }

    function arm(bytes calldata data) external {
        reentry = data;
    }

    function onTokenBridged(uint32 origin, bytes32 sender, uint256 amount, bytes calldata payload) external {
        require(msg.sender == address(bridge), "only bridge");
        (lastOrigin, lastSender, lastAmount, lastPayload) = (origin, sender, amount, payload);
        if (reentry.length != 0) (reentryOk, reentryError) = address(bridge).call(reentry);
    }
}

/// @notice A contract on some chain that tries to mint by messaging a bridge directly.
contract Impostor {
    function send(Mailbox mailbox, uint32 destination, address bridge, address to, uint256 amount) external {
        mailbox.dispatch(destination, Message.toBytes32(bridge), 150_000, abi.encodePacked(uint8(0), Message.toBytes32(to), amount));
    }
}

contract TokenBridgeTest is BridgeFixture {
    address alice = address(0xA11CE);
    address bob = address(0xB0B);
    address guardian = address(0x6A);

    function setUp() public {
        _deployBridges();
        vm.prank(admin);
        usdc.mint(alice, 1_000_000e6);
        vm.deal(alice, 10 ether);
        vm.prank(admin);
        bridges[L2A].setGuardian(guardian, true);
    }

    function _assertConserved() internal view {
        assertEq(bridges[L1].locked(), _l2Supply() + _inFlight(), "L1 locked == L2 supply + in flight");
    }

    function test_l1ToL2_locksAndMints() public {
        bytes32 id = _bridge(alice, L1, L2A, bob, 100e6);
        assertEq(bridges[L1].locked(), 100e6);
        assertEq(usdc.balanceOf(address(bridges[L1])), 100e6);
        assertEq(_inFlight(), 100e6);
        _assertConserved();
        _relay(L1, L2A);
        assertTrue(mailboxes[L2A].delivered(L1, 0));
        assertEq(bridged[L2A].balanceOf(bob), 100e6);
        assertEq(_inFlight(), 0);
        _assertConserved();
        assertTrue(id != bytes32(0));
    }

    function test_l2ToL2_burnsThenMints_andBackToL1() public {
        _bridge(alice, L1, L2A, bob, 100e6);
        _relay(L1, L2A);
        _bridge(bob, L2A, L2B, bob, 40e6);
        assertEq(bridged[L2A].totalSupply(), 60e6);
        _assertConserved();
        _relay(L2A, L2B);
        assertEq(bridged[L2B].balanceOf(bob), 40e6);
        _bridge(bob, L2B, L1, alice, 40e6);
        _assertConserved();
        uint256 before = usdc.balanceOf(alice);
        _relay(L2B, L1);
        assertEq(usdc.balanceOf(alice) - before, 40e6);
        assertEq(bridges[L1].locked(), 60e6);
        _assertConserved();
    }

    function test_feeIsPaidAndRefunded() public {
        vm.prank(admin);
        mailboxes[L1].setGasConfig(L2A, 1 gwei, 10_000);
        uint256 fee = bridges[L1].quoteTransferRemote(L2A);
        assertEq(fee, (150_000 + 10_000) * 1 gwei);
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 10e6);
        vm.expectRevert(abi.encodeWithSelector(Router.InsufficientFee.selector, fee, fee - 1));
        bridges[L1].transferRemote{value: fee - 1}(L2A, Message.toBytes32(bob), 10e6);
        uint256 before = alice.balance;
        bridges[L1].transferRemote{value: fee * 3}(L2A, Message.toBytes32(bob), 10e6);
        vm.stopPrank();
        assertEq(before - alice.balance, fee);
        assertEq(address(mailboxes[L1]).balance, fee);
    }

    function test_rejects_badInputs() public {
        vm.startPrank(alice);
        vm.expectRevert(TokenBridge.ZeroAmount.selector);
        bridges[L1].transferRemote(L2A, Message.toBytes32(bob), 0);
        bytes32 wide = bytes32(uint256(1) << 200);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.InvalidRecipient.selector, wide));
        bridges[L1].transferRemote(L2A, wide, 1);
        vm.expectRevert(abi.encodeWithSelector(Router.UnknownRemote.selector, uint32(99)));
        bridges[L1].transferRemote(99, Message.toBytes32(bob), 1);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ authentication

    function test_handle_onlyMailbox() public {
        vm.expectRevert(abi.encodeWithSelector(Router.NotMailbox.selector, address(this)));
        bridges[L2A].handle(L1, Message.toBytes32(address(bridges[L1])), abi.encodePacked(uint8(0), bytes32(0), uint256(1)));
    }

    function test_handle_onlyEnrolledSender() public {
        Impostor impostor = new Impostor();
        impostor.send(mailboxes[L1], L2A, address(bridges[L2A]), bob, 1_000e6);
        _syncLogs();
        bytes memory message = sentMessages[L1][0];
        _relay(L1, L2A);
        assertTrue(mailboxes[L2A].failed(keccak256(message)), "impostor message rejected by the bridge");
        assertEq(bridged[L2A].totalSupply(), 0);
    }

    function test_handle_onlyEnrolledOriginDomain() public {
        // L2B's bridge is a legitimate sender on L2B, but L2A stops trusting that domain.
        _bridge(alice, L1, L2B, bob, 10e6);
        _relay(L1, L2B);
        vm.prank(admin);
        bridges[L2A].enrollRemoteRouter(L2B, bytes32(0));
        _bridge(bob, L2B, L2A, bob, 10e6);
        _syncLogs();
        bytes memory message = sentMessages[L2B][0];
        _relay(L2B, L2A);
        assertTrue(mailboxes[L2A].failed(keccak256(message)));
        assertEq(bridged[L2A].totalSupply(), 0);
        _assertConserved(); // still in flight, recoverable by re-enrolling and retrying
        vm.prank(admin);
        bridges[L2A].enrollRemoteRouter(L2B, Message.toBytes32(address(bridges[L2B])));
        mailboxes[L2A].retry(message);
        assertEq(bridged[L2A].balanceOf(bob), 10e6);
        _assertConserved();
    }

    // ------------------------------------------------------------ rate limits

    function test_outboundRateLimit_atAndPastBoundary() public {
        vm.prank(admin);
        bridges[L1].setRateLimit(L2A, true, true, 1_000e6, 10e6);
        assertEq(bridges[L1].availableOutbound(L2A), 1_000e6);
        _bridge(alice, L1, L2A, bob, 1_000e6); // exactly the capacity
        assertEq(bridges[L1].availableOutbound(L2A), 0);
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 1);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.RateLimited.selector, L2A, true, 1, 0));
        bridges[L1].transferRemote(L2A, Message.toBytes32(bob), 1);
        vm.stopPrank();
        vm.warp(block.timestamp + 10);
        assertEq(bridges[L1].availableOutbound(L2A), 100e6);
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 100e6 + 1);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.RateLimited.selector, L2A, true, 100e6 + 1, 100e6));
        bridges[L1].transferRemote(L2A, Message.toBytes32(bob), 100e6 + 1);
        bridges[L1].transferRemote(L2A, Message.toBytes32(bob), 100e6);
        vm.stopPrank();
        vm.warp(block.timestamp + 365 days);
        assertEq(bridges[L1].availableOutbound(L2A), 1_000e6, "refill caps at capacity");
        // other routes are not limited
        assertEq(bridges[L1].availableOutbound(L2B), type(uint256).max);
    }

    function test_inboundRateLimit_failsThenRetriesAfterRefill() public {
        vm.prank(admin);
        bridges[L2A].setRateLimit(L1, false, true, 500e6, 1e6);
        _bridge(alice, L1, L2A, bob, 500e6); // at the boundary: accepted
        _bridge(alice, L1, L2A, bob, 1e6); // past it: handle reverts, message failed-retryable
        _syncLogs();
        bytes memory second = sentMessages[L1][1];
        _relay(L1, L2A);
        assertEq(bridged[L2A].balanceOf(bob), 500e6);
        assertTrue(mailboxes[L2A].failed(keccak256(second)));
        _assertConserved();
        vm.expectRevert();
        mailboxes[L2A].retry(second);
        vm.warp(block.timestamp + 1);
        mailboxes[L2A].retry(second);
        assertEq(bridged[L2A].balanceOf(bob), 501e6);
        _assertConserved();
    }

    function testFuzz_outboundBucket(uint128 capacity, uint128 rate, uint32 elapsed, uint128 first, uint128 second)
        public
    {
        capacity = uint128(bound(capacity, 1, 1_000_000e6));
        rate = uint128(bound(rate, 0, 1_000e6));
        first = uint128(bound(first, 1, capacity));
        vm.prank(admin);
        bridges[L1].setRateLimit(L2A, true, true, capacity, rate);
        _bridge(alice, L1, L2A, bob, first);
        vm.warp(block.timestamp + elapsed);
        uint256 expected = uint256(capacity - first) + uint256(elapsed) * rate;
        if (expected > capacity) expected = capacity;
        assertEq(bridges[L1].availableOutbound(L2A), expected);
        second = uint128(bound(second, 1, 2_000_000e6));
        vm.prank(admin);
        usdc.mint(alice, second);
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), second);
        if (second > expected) {
            vm.expectRevert(abi.encodeWithSelector(TokenBridge.RateLimited.selector, L2A, true, uint256(second), expected));
        }
        bridges[L1].transferRemote(L2A, Message.toBytes32(bob), second);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ large transfers

    function test_largeTransfer_heldThenClaimable() public {
        vm.prank(admin);
        bridges[L2A].setLargeTransferRule(500e6, 1 hours);
        _bridge(alice, L1, L2A, bob, 500e6); // at the threshold: released immediately
        _bridge(alice, L1, L2A, bob, 500e6 + 1); // above: held
        _relay(L1, L2A);
        assertEq(bridged[L2A].balanceOf(bob), 500e6);
        assertEq(bridges[L2A].heldTotal(), 500e6 + 1);
        _assertConserved();
        (address r,, uint64 releaseAt, uint256 amount,,,) = bridges[L2A].holds(1);
        assertEq(r, bob);
        assertEq(amount, 500e6 + 1);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.HoldNotMature.selector, releaseAt));
        bridges[L2A].claim(1);
        vm.warp(releaseAt);
        vm.prank(address(0xCAFE)); // anyone
        bridges[L2A].claim(1);
        assertEq(bridged[L2A].balanceOf(bob), 1_000e6 + 1);
        assertEq(bridges[L2A].heldTotal(), 0);
        _assertConserved();
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.UnknownHold.selector, 1));
        bridges[L2A].claim(1);
    }

    // ------------------------------------------------------------ curse

    function test_curse_pausesRoute_unpauseIsTimelocked() public {
        vm.prank(admin);
        bridges[L2A].setLargeTransferRule(100e6, 1 hours);
        _bridge(alice, L1, L2A, bob, 200e6); // will be held
        _relay(L1, L2A);
        _bridge(alice, L1, L2A, bob, 10e6);

        vm.expectRevert(abi.encodeWithSelector(TokenBridge.NotGuardian.selector, address(this)));
        bridges[L2A].curse(L1);
        vm.prank(guardian);
        bridges[L2A].curse(L1);

        _syncLogs();
        bytes memory pending = sentMessages[L1][1];
        _relay(L1, L2A);
        assertTrue(mailboxes[L2A].failed(keccak256(pending)), "inbound blocked while cursed");
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.RouteIsCursed.selector, L1));
        bridges[L2A].claim(1);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.RouteIsCursed.selector, L1));
        vm.prank(bob);
        bridges[L2A].transferRemote(L1, Message.toBytes32(bob), 1);

        vm.expectRevert(abi.encodeWithSelector(TokenBridge.UncurseNotReady.selector, 0));
        bridges[L2A].uncurse(L1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        bridges[L2A].scheduleUncurse(L1);
        vm.prank(admin);
        bridges[L2A].scheduleUncurse(L1);
        (, uint64 uncurseAt) = bridges[L2A].routeStatus(L1);
        assertEq(uncurseAt, block.timestamp + UNCURSE_DELAY);
        vm.warp(uncurseAt - 1);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.UncurseNotReady.selector, uncurseAt));
        bridges[L2A].uncurse(L1);
        vm.warp(uncurseAt);
        bridges[L2A].uncurse(L1);

        mailboxes[L2A].retry(pending);
        bridges[L2A].claim(1);
        assertEq(bridged[L2A].balanceOf(bob), 210e6);
        _assertConserved();
    }

    function test_curse_guardianCanCancelScheduledUncurse() public {
        vm.prank(guardian);
        bridges[L2A].curse(L1);
        vm.prank(admin);
        bridges[L2A].scheduleUncurse(L1);
        vm.prank(guardian);
        bridges[L2A].curse(L1);
        vm.warp(block.timestamp + UNCURSE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(TokenBridge.UncurseNotReady.selector, 0));
        bridges[L2A].uncurse(L1);
    }

    // ------------------------------------------------------------ payload transfers

    function test_payloadTransfer_callsRecipientAtomically() public {
        PayloadRecipient target = new PayloadRecipient(bridges[L2A]);
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 5e6);
        bridges[L1].transferRemoteWithPayload(L2A, Message.toBytes32(address(target)), 5e6, 300_000, "hello");
        vm.stopPrank();
        _relay(L1, L2A);
        assertEq(bridged[L2A].balanceOf(address(target)), 5e6);
        assertEq(target.lastOrigin(), L1);
        assertEq(target.lastSender(), Message.toBytes32(alice));
        assertEq(target.lastAmount(), 5e6);
        assertEq(target.lastPayload(), bytes("hello"));
    }

    // ------------------------------------------------------------ reentrancy

    function test_reentrancy_payloadRecipientCannotReenter() public {
        PayloadRecipient target = new PayloadRecipient(bridges[L2A]);
        target.arm(abi.encodeCall(TokenBridge.transferRemote, (L1, Message.toBytes32(bob), 1)));
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 5e6);
        bridges[L1].transferRemoteWithPayload(L2A, Message.toBytes32(address(target)), 5e6, 300_000, "");
        vm.stopPrank();
        _relay(L1, L2A);
        assertFalse(target.reentryOk());
        assertEq(bytes4(target.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
    }

    function test_reentrancy_payloadRecipientCannotReenterClaim() public {
        vm.prank(admin);
        bridges[L2A].setLargeTransferRule(1e6, 0);
        PayloadRecipient target = new PayloadRecipient(bridges[L2A]);
        _bridge(alice, L1, L2A, bob, 2e6); // hold #1
        vm.startPrank(alice);
        usdc.approve(address(bridges[L1]), 5e6);
        bridges[L1].transferRemoteWithPayload(L2A, Message.toBytes32(address(target)), 5e6, 300_000, ""); // hold #2
        vm.stopPrank();
        _relay(L1, L2A);
        target.arm(abi.encodeCall(TokenBridge.claim, (1)));
        bridges[L2A].claim(2);
        assertFalse(target.reentryOk());
        assertEq(bytes4(target.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(bridged[L2A].balanceOf(bob), 0, "hold #1 untouched");
        bridges[L2A].claim(1);
        assertEq(bridged[L2A].balanceOf(bob), 2e6);
    }

    function test_reentrancy_tokenCannotReenterTransferRemote() public {
        ReentrantToken evil = new ReentrantToken();
        evil.mint(address(this), 1e30);
        TokenBridge b = new TokenBridge(address(mailboxes[L1]), address(evil), true, 1 days, admin);
        vm.prank(admin);
        b.enrollRemoteRouter(L2A, bytes32(uint256(1)));
        evil.approve(address(b), type(uint256).max);
        evil.arm(address(b), abi.encodeCall(TokenBridge.transferRemote, (L2A, Message.toBytes32(bob), 1)));
        b.transferRemote(L2A, Message.toBytes32(bob), 10);
        assertFalse(evil.reentryOk());
        assertEq(bytes4(evil.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(b.locked(), 10);
    }

    function test_admin_onlyOwner() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridges[L1].setRateLimit(L2A, true, true, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridges[L1].enrollRemoteRouter(L2A, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridges[L1].setLargeTransferRule(1, 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        bridges[L1].setGuardian(alice, true);
        vm.stopPrank();
    }
}
