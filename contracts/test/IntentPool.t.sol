// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {InteropTest} from "./utils/InteropTest.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {IntentPool} from "../src/IntentPool.sol";
import {Router} from "../src/Router.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {TestERC20} from "../src/tokens/TestERC20.sol";
import {Message} from "../src/libs/Message.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

contract SettleImpostor {
    function send(Mailbox mailbox, uint32 destination, address pool, bytes32 id, address filler) external {
        mailbox.dispatch(
            destination, Message.toBytes32(pool), 200_000, abi.encodePacked(uint8(1), id, Message.toBytes32(filler))
        );
    }
}

/// @notice Pays a settlement with excess value and re-enters the pool from the refund.
contract RefundReenteringSettler {
    IntentPool immutable pool;
    bytes public reentry;
    bool public reentryOk;
    bytes public reentryError;

    constructor(IntentPool p) {
        pool = p;
    }

    function settle(uint32 origin, bytes32[] calldata ids) external payable {
        reentry = abi.encodeCall(IntentPool.settle, (origin, ids));
        pool.settle{value: msg.value}(origin, ids);
    }

    receive() external payable {
        if (reentry.length == 0) return;
        bytes memory data = reentry;
        delete reentry;
        (reentryOk, reentryError) = address(pool).call(data);
    }
}

contract IntentPoolTest is InteropTest {
    uint32 constant A = 10;
    uint32 constant B = 20;

    IntentPool poolA;
    IntentPool poolB;
    TestERC20 tokenA;
    TestERC20 tokenB;
    address depositor = address(0xD1);
    address recipient = address(0xE1);
    address filler = address(0xF1);
    address filler2 = address(0xF2);

    function setUp() public {
        _deployChain(A);
        _deployChain(B);
        poolA = new IntentPool(address(mailboxes[A]), admin);
        poolB = new IntentPool(address(mailboxes[B]), admin);
        vm.startPrank(admin);
        poolA.enrollRemoteRouter(B, Message.toBytes32(address(poolB)));
        poolB.enrollRemoteRouter(A, Message.toBytes32(address(poolA)));
        tokenA = new TestERC20("USDC on A", "USDC", 6, 0, admin);
        tokenB = new TestERC20("USDC on B", "USDC", 6, 0, admin);
        tokenA.mint(depositor, 1_000e6);
        tokenB.mint(filler, 1_000e6);
        tokenB.mint(filler2, 1_000e6);
        vm.stopPrank();
        vm.prank(depositor);
        tokenA.approve(address(poolA), type(uint256).max);
        vm.prank(filler);
        tokenB.approve(address(poolB), type(uint256).max);
        vm.prank(filler2);
        tokenB.approve(address(poolB), type(uint256).max);
    }

    function _order(uint256 salt) internal view returns (IntentPool.Order memory) {
        return IntentPool.Order({
            originDomain: A,
            destinationDomain: B,
            depositor: depositor,
            recipient: recipient,
            inputToken: address(tokenA),
            inputAmount: 100e6,
            outputToken: address(tokenB),
            outputAmount: 99e6,
            fillDeadline: uint32(block.timestamp + 1 hours),
            exclusiveFiller: address(0),
            exclusivityDeadline: 0,
            salt: salt
        });
    }

    function _open(IntentPool.Order memory o) internal returns (bytes32) {
        vm.prank(depositor);
        return poolA.open(o);
    }

    function _fill(address who, IntentPool.Order memory o) internal returns (bytes32) {
        vm.prank(who);
        return poolB.fill(o);
    }

    function _settle(bytes32 id) internal {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.prank(filler);
        poolB.settle(A, ids);
    }

    function test_openFillSettle_repaysFiller() public {
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        assertEq(id, keccak256(abi.encode(o)));
        assertEq(tokenA.balanceOf(address(poolA)), 100e6);
        _fill(filler, o);
        assertEq(tokenB.balanceOf(recipient), 99e6);
        _settle(id);
        assertEq(tokenA.balanceOf(filler), 0, "no repayment before the fill record is delivered");
        _relay(B, A);
        assertEq(tokenA.balanceOf(filler), 100e6);
        (IntentPool.DepositStatus status,,,,) = poolA.deposits(id);
        assertTrue(status == IntentPool.DepositStatus.Settled);
    }

    function test_settle_batchesManyOrdersInOneMessage() public {
        bytes32[] memory ids = new bytes32[](3);
        for (uint256 i = 0; i < 3; ++i) {
            IntentPool.Order memory o = _order(10 + i);
            o.inputAmount = 10e6;
            ids[i] = _open(o);
            _fill(i == 1 ? filler2 : filler, o);
        }
        uint256 before = mailboxes[B].count();
        vm.prank(address(0xCAFE)); // anyone may settle
        poolB.settle(A, ids);
        assertEq(mailboxes[B].count(), before + 1, "one message");
        _relay(B, A);
        assertEq(tokenA.balanceOf(filler), 20e6);
        assertEq(tokenA.balanceOf(filler2), 10e6);
        vm.expectRevert(
            abi.encodeWithSelector(IntentPool.NotSettleable.selector, ids[0], IntentPool.FillStatus.SettlementSent, A)
        );
        poolB.settle(A, ids);
    }

    function test_oneFillPerOrder() public {
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        _fill(filler, o);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.OrderNotFillable.selector, id, IntentPool.FillStatus.Filled));
        _fill(filler2, o);
        assertEq(tokenB.balanceOf(recipient), 99e6);
    }

    function testFuzz_oneFillPerOrder(uint8 attempts, uint256 who) public {
        IntentPool.Order memory o = _order(7);
        _open(o);
        uint256 n = bound(attempts, 1, 10);
        uint256 ok = 0;
        for (uint256 i = 0; i < n; ++i) {
            address f = (who >> i) & 1 == 1 ? filler : filler2;
            vm.prank(f);
            try poolB.fill(o) {
                ++ok;
            } catch {}
        }
        assertEq(ok, 1);
        assertEq(tokenB.balanceOf(recipient), 99e6);
    }

    function test_exclusivityWindow() public {
        IntentPool.Order memory o = _order(1);
        o.exclusiveFiller = filler;
        o.exclusivityDeadline = uint32(block.timestamp + 10 minutes);
        _open(o);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.NotExclusiveFiller.selector, filler2, filler));
        _fill(filler2, o);
        vm.warp(block.timestamp + 10 minutes + 1);
        _fill(filler2, o);
        assertEq(tokenB.balanceOf(recipient), 99e6);
    }

    function test_fillAfterDeadlineReverts() public {
        IntentPool.Order memory o = _order(1);
        _open(o);
        vm.warp(o.fillDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.FillDeadlinePassed.selector, o.fillDeadline));
        _fill(filler, o);
    }

    function test_cancel_onlyAfterDeadline_onlyIfUnfilled_refunds() public {
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.FillDeadlineNotPassed.selector, o.fillDeadline));
        poolB.cancel(o);
        vm.warp(o.fillDeadline); // still inside the deadline
        vm.expectRevert(abi.encodeWithSelector(IntentPool.FillDeadlineNotPassed.selector, o.fillDeadline));
        poolB.cancel(o);
        vm.warp(o.fillDeadline + 1);
        vm.prank(address(0xCAFE)); // anyone may cancel; the refund goes to the depositor
        poolB.cancel(o);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.OrderNotFillable.selector, id, IntentPool.FillStatus.Cancelled));
        poolB.cancel(o);
        uint256 before = tokenA.balanceOf(depositor);
        _relay(B, A);
        assertEq(tokenA.balanceOf(depositor) - before, 100e6);
        (IntentPool.DepositStatus status,,,,) = poolA.deposits(id);
        assertTrue(status == IntentPool.DepositStatus.Refunded);
    }

    function test_cancel_filledOrderReverts() public {
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        _fill(filler, o);
        vm.warp(o.fillDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.OrderNotFillable.selector, id, IntentPool.FillStatus.Filled));
        poolB.cancel(o);
    }

    function test_repayment_onlyAgainstDeliveredFillRecord() public {
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        // 1. nobody but the mailbox can deliver
        vm.expectRevert(abi.encodeWithSelector(Router.NotMailbox.selector, address(this)));
        poolA.handle(B, Message.toBytes32(address(poolB)), abi.encodePacked(uint8(1), id, Message.toBytes32(filler)));
        // 2. a settlement from a contract that is not the enrolled pool is rejected
        SettleImpostor impostor = new SettleImpostor();
        impostor.send(mailboxes[B], A, address(poolA), id, filler);
        _syncLogs();
        bytes memory forged = sentMessages[B][0];
        _relay(B, A);
        assertTrue(mailboxes[A].failed(keccak256(forged)));
        assertEq(tokenA.balanceOf(filler), 0);
        // 3. an unfilled order cannot be settled
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.expectRevert(
            abi.encodeWithSelector(IntentPool.NotSettleable.selector, id, IntentPool.FillStatus.None, uint32(0))
        );
        poolB.settle(A, ids);
        // 4. the real fill record pays
        _fill(filler, o);
        _settle(id);
        _relay(B, A);
        assertEq(tokenA.balanceOf(filler), 100e6);
        // 5. a replayed settlement pays nothing more
        // retry only re-runs failed messages, and a re-sent batch skips delivered nonces (see Mailbox tests)
        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageNotFailed.selector, keccak256(sentMessages[B][1])));
        mailboxes[A].retry(sentMessages[B][1]);
        assertEq(tokenA.balanceOf(address(poolA)), 0);
    }

    function test_fillOfNeverOpenedOrder_closesIdWithoutPayment() public {
        IntentPool.Order memory o = _order(99);
        bytes32 id = _fill(filler, o); // filler took the risk of filling an order not opened on the origin
        _settle(id);
        _relay(B, A);
        assertEq(tokenA.balanceOf(filler), 0);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.OrderExists.selector, id));
        _open(o);
    }

    function test_open_validation() public {
        IntentPool.Order memory o = _order(1);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.NotDepositor.selector, address(this), depositor));
        poolA.open(o);
        o.originDomain = B;
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.WrongDomain.selector, A, B));
        poolA.open(o);
        o = _order(1);
        o.destinationDomain = 77;
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(Router.UnknownRemote.selector, uint32(77)));
        poolA.open(o);
        o = _order(1);
        o.fillDeadline = uint32(block.timestamp);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.FillDeadlinePassed.selector, o.fillDeadline));
        poolA.open(o);
        o = _order(1);
        o.exclusivityDeadline = o.fillDeadline + 1;
        vm.prank(depositor);
        vm.expectRevert(
            abi.encodeWithSelector(IntentPool.ExclusivityAfterFillDeadline.selector, o.fillDeadline + 1, o.fillDeadline)
        );
        poolA.open(o);
        o = _order(1);
        o.inputAmount = 0;
        vm.prank(depositor);
        vm.expectRevert(IntentPool.ZeroAmount.selector);
        poolA.open(o);
        o = _order(1);
        _open(o);
        vm.prank(depositor);
        vm.expectRevert(abi.encodeWithSelector(IntentPool.OrderExists.selector, keccak256(abi.encode(o))));
        poolA.open(o);
    }

    function test_fees_paidBySettlerAndCanceller() public {
        vm.prank(admin);
        mailboxes[B].setGasConfig(A, 1 gwei, 0);
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        _fill(filler, o);
        uint256 fee = poolB.quoteSettle(A, 1);
        assertEq(fee, (60_000 + 45_000) * 1 gwei);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.deal(filler, 1 ether);
        vm.prank(filler);
        vm.expectRevert(abi.encodeWithSelector(Router.InsufficientFee.selector, fee, 0));
        poolB.settle(A, ids);
        vm.prank(filler);
        poolB.settle{value: fee}(A, ids);
        assertEq(poolB.quoteCancel(A), 100_000 * 1 gwei);
    }

    // ------------------------------------------------------------ reentrancy

    function test_reentrancy_outputTokenCannotRefill() public {
        ReentrantToken evil = new ReentrantToken();
        evil.mint(filler, 1_000e6);
        vm.prank(filler);
        evil.approve(address(poolB), type(uint256).max);
        IntentPool.Order memory o = _order(1);
        o.outputToken = address(evil);
        _open(o);
        evil.arm(address(poolB), abi.encodeCall(IntentPool.fill, (o)));
        _fill(filler, o);
        assertTrue(evil.reentryAttempted());
        assertFalse(evil.reentryOk());
        assertEq(bytes4(evil.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(evil.balanceOf(recipient), 99e6);
    }

    function test_reentrancy_settleRefundCannotReenter() public {
        vm.prank(admin);
        mailboxes[B].setGasConfig(A, 1 gwei, 0);
        IntentPool.Order memory o = _order(1);
        bytes32 id = _open(o);
        _fill(filler, o);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        RefundReenteringSettler settler = new RefundReenteringSettler(poolB);
        vm.deal(address(this), 1 ether);
        settler.settle{value: 1 ether}(A, ids);
        assertFalse(settler.reentryOk());
        assertEq(bytes4(settler.reentryError()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        _relay(B, A);
        assertEq(tokenA.balanceOf(filler), 100e6);
    }

    function test_reentrancy_inputTokenCannotReenterDuringPayout() public {
        ReentrantToken evil = new ReentrantToken();
        evil.mint(depositor, 1_000e6);
        vm.prank(depositor);
        evil.approve(address(poolA), type(uint256).max);
        IntentPool.Order memory o = _order(1);
        o.inputToken = address(evil);
        bytes32 id = _open(o);
        IntentPool.Order memory o2 = _order(2);
        o2.inputToken = address(evil);
        evil.arm(address(poolA), abi.encodeCall(IntentPool.open, (o2)));
        _fill(filler, o);
        _settle(id);
        _relay(B, A); // payout transfer tries to re-enter open
        assertTrue(evil.reentryAttempted());
        assertFalse(evil.reentryOk());
        assertEq(evil.balanceOf(filler), 100e6);
    }
}
