// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {InteropTest} from "./utils/InteropTest.sol";
import {MerkleHelper} from "./utils/MerkleHelper.sol";
import {
    RecordingRecipient,
    GasHungryRecipient,
    ReturnBombRecipient,
    ReentrantRecipient,
    NoopRecipient,
    BatchCall
} from "./utils/Recipients.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {MultisigIsm} from "../src/MultisigIsm.sol";
import {Checkpoint} from "../src/libs/Checkpoint.sol";
import {Message} from "../src/libs/Message.sol";
import {MerkleLib} from "../src/libs/MerkleLib.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice Dispatches with excess value and re-enters dispatch from the refund.
contract RefundReenterer {
    Mailbox immutable mailbox;
    uint256 public reentered;

    constructor(Mailbox m) {
        mailbox = m;
    }

    function go(uint32 destination) external payable {
        mailbox.dispatch{value: msg.value}(destination, bytes32(uint256(1)), 50_000, "outer");
    }

    receive() external payable {
        if (reentered++ == 0) mailbox.dispatch{value: msg.value}(10, bytes32(uint256(1)), 50_000, "inner");
    }
}

contract MailboxTest is InteropTest {
    uint32 constant L1 = 1;
    uint32 constant L2 = 10;
    address sender = address(0x5E11D);

    Mailbox origin;
    Mailbox dest;
    RecordingRecipient recipient;

    function setUp() public {
        origin = _deployChain(L1);
        dest = _deployChain(L2);
        recipient = new RecordingRecipient();
        vm.deal(sender, 100 ether);
    }

    function _send(bytes memory body) internal returns (bytes32) {
        vm.prank(sender);
        return origin.dispatch(L2, Message.toBytes32(address(recipient)), 300_000, body);
    }

    function _sendTo(address to, uint32 gasLimit) internal returns (bytes32) {
        vm.prank(sender);
        return origin.dispatch(L2, Message.toBytes32(to), gasLimit, "x");
    }

    /// @dev All pending messages of L1 -> L2 with checkpoint, quorum signatures and proof.
    function _batch()
        internal
        returns (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof)
    {
        _syncLogs();
        uint256[] memory nonces;
        (msgs, nonces) = _pending(L1, L2);
        cp = _latestCheckpoint(L1);
        sigs = _quorumSign(cp);
        proof = _proof(L1, nonces);
    }

    // ------------------------------------------------------------ dispatch

    function test_latestCheckpoint_revertsWhenEmpty() public {
        vm.expectRevert(Mailbox.NoMessagesDispatched.selector);
        origin.latestCheckpoint();
    }

    function test_dispatch_emitsAndAppends() public {
        bytes memory expected = Message.encode(
            0, L1, Message.toBytes32(sender), L2, Message.toBytes32(address(recipient)), 300_000, bytes("hello")
        );
        bytes32 id = keccak256(expected);
        bytes32[] memory leaves = new bytes32[](1);
        leaves[0] = MerkleLib.leafHash(id);
        vm.expectEmit(true, true, true, true, address(origin));
        emit Mailbox.Dispatched(
            id, L2, Message.toBytes32(address(recipient)), 0, MerkleHelper.naiveRoot(leaves), expected
        );
        bytes32 got = _send("hello");
        assertEq(got, id);
        assertEq(origin.count(), 1);
        assertEq(origin.root(), MerkleHelper.naiveRoot(leaves));
        (bytes32 r, uint32 index) = origin.latestCheckpoint();
        assertEq(r, origin.root());
        assertEq(uint256(index), 0);
        _send("again");
        assertEq(origin.count(), 2);
    }

    function test_dispatch_feeQuotedChargedAndRefunded() public {
        vm.prank(admin);
        origin.setGasConfig(L2, 2 gwei, 50_000);
        uint256 fee = origin.quoteDispatch(L2, 100_000);
        assertEq(fee, 150_000 * 2 gwei);

        vm.prank(sender);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.InsufficientFee.selector, fee, fee - 1));
        origin.dispatch{value: fee - 1}(L2, bytes32(uint256(1)), 100_000, "");

        uint256 before = sender.balance;
        vm.prank(sender);
        origin.dispatch{value: fee + 1 ether}(L2, bytes32(uint256(1)), 100_000, "");
        assertEq(before - sender.balance, fee, "excess refunded");
        assertEq(address(origin).balance, fee);

        address beneficiary = address(0xBEEF);
        vm.prank(admin);
        origin.setFeeBeneficiary(beneficiary);
        vm.prank(sender);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.NotFeeClaimer.selector, sender));
        origin.claimFees();
        vm.prank(beneficiary);
        origin.claimFees();
        assertEq(beneficiary.balance, fee);
        assertEq(address(origin).balance, 0);
    }

    function test_dispatch_rejectsUnknownDestinationAndLargeBody() public {
        vm.expectRevert(abi.encodeWithSelector(Mailbox.UnknownDestination.selector, uint32(77)));
        origin.dispatch(77, bytes32(0), 0, "");
        bytes memory big = new bytes(origin.MAX_BODY_BYTES() + 1);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.BodyTooLarge.selector, big.length, origin.MAX_BODY_BYTES()));
        origin.dispatch(L2, bytes32(0), 0, big);
    }

    function test_admin_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        origin.enrollRemoteMailbox(5, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        origin.setGasConfig(5, 1, 1);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.InvalidDomain.selector, L1));
        origin.enrollRemoteMailbox(L1, bytes32(uint256(1)));
    }

    // ------------------------------------------------------------ delivery

    function test_processBatch_deliversPermissionlessly() public {
        bytes32 id0 = _send("a");
        bytes32 id1 = _send("b");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        vm.expectEmit(true, true, false, true, address(dest));
        emit Mailbox.Processed(id0, L1, 0);
        vm.expectEmit(true, true, false, true, address(dest));
        emit Mailbox.Processed(id1, L1, 1);
        vm.prank(address(0xCAFE)); // anyone
        dest.processBatch(cp, sigs, msgs, proof);
        assertEq(recipient.count(), 2);
        (uint32 o, bytes32 s, bytes memory b) = recipient.deliveries(1);
        assertEq(uint256(o), uint256(L1));
        assertEq(s, Message.toBytes32(sender));
        assertEq(b, bytes("b"));
        assertTrue(dest.delivered(L1, 0) && dest.delivered(L1, 1));
        assertEq(dest.deliveredWord(L1, 0), 3);
    }

    function test_noDoubleDelivery_sameBatchTwice() public {
        _send("a");
        _send("b");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        dest.processBatch(cp, sigs, msgs, proof);
        dest.processBatch(cp, sigs, msgs, proof); // racing relayer: skipped, not reverted
        assertEq(recipient.count(), 2);
    }

    function test_noDoubleDelivery_overlappingBatch() public {
        _send("a");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        dest.processBatch(cp, sigs, msgs, proof);
        _send("b");
        _syncLogs();
        // A relayer that did not see the first delivery resends nonce 0 together with nonce 1.
        uint256[] memory nonces = new uint256[](2);
        nonces[0] = 0;
        nonces[1] = 1;
        bytes[] memory both = new bytes[](2);
        both[0] = sentMessages[L1][0];
        both[1] = sentMessages[L1][1];
        Checkpoint memory cp2 = _latestCheckpoint(L1);
        dest.processBatch(cp2, _quorumSign(cp2), both, _proof(L1, nonces));
        assertEq(recipient.count(), 2);
    }

    function testFuzz_noDoubleDelivery(uint8 total, uint256 firstMask, uint256 secondMask) public {
        uint256 n = bound(total, 1, 40);
        for (uint256 i = 0; i < n; ++i) {
            _send(abi.encode(i));
        }
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        bytes memory sigs = _quorumSign(cp);
        uint256[2] memory masks = [firstMask, secondMask];
        uint256 expected = 0;
        bool[] memory seen = new bool[](n);
        for (uint256 round = 0; round < 2; ++round) {
            (bytes[] memory msgs, uint256[] memory nonces) = _subset(n, masks[round]);
            if (msgs.length == 0) continue;
            for (uint256 i = 0; i < nonces.length; ++i) {
                if (!seen[nonces[i]]) {
                    seen[nonces[i]] = true;
                    ++expected;
                }
            }
            dest.processBatch(cp, sigs, msgs, _proof(L1, nonces));
        }
        assertEq(recipient.count(), expected);
    }

    function _subset(uint256 n, uint256 mask) internal view returns (bytes[] memory msgs, uint256[] memory nonces) {
        uint256 k = 0;
        for (uint256 i = 0; i < n; ++i) {
            if ((mask >> i) & 1 == 1) ++k;
        }
        msgs = new bytes[](k);
        nonces = new uint256[](k);
        k = 0;
        for (uint256 i = 0; i < n; ++i) {
            if ((mask >> i) & 1 == 1) {
                msgs[k] = sentMessages[L1][i];
                nonces[k++] = i;
            }
        }
    }

    function test_cachedCheckpoint_skipsSignatures() public {
        _send("a");
        _send("b");
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        MultisigIsm ism = isms[L2];
        assertFalse(ism.isVerified(cp));
        uint256[] memory first = new uint256[](1);
        bytes[] memory m0 = new bytes[](1);
        m0[0] = sentMessages[L1][0];
        dest.processBatch(cp, _quorumSign(cp), m0, _proof(L1, first));
        assertTrue(ism.isVerified(cp));
        uint256[] memory second = new uint256[](1);
        second[0] = 1;
        bytes[] memory m1 = new bytes[](1);
        m1[0] = sentMessages[L1][1];
        dest.processBatch(cp, "", m1, _proof(L1, second)); // no signatures needed any more
        assertEq(recipient.count(), 2);
    }

    function test_cachedCheckpoint_invalidatedByValidatorRotation() public {
        _send("a");
        _send("b");
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        uint256[] memory first = new uint256[](1);
        bytes[] memory m0 = new bytes[](1);
        m0[0] = sentMessages[L1][0];
        dest.processBatch(cp, _quorumSign(cp), m0, _proof(L1, first));
        address[] memory vals = validatorAddresses();
        vm.prank(admin);
        isms[L2].setValidators(L1, vals, 4);
        uint256[] memory second = new uint256[](1);
        second[0] = 1;
        bytes[] memory m1 = new bytes[](1);
        m1[0] = sentMessages[L1][1];
        bytes32[] memory proof = _proof(L1, second);
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.BelowThreshold.selector, 0, 4));
        dest.processBatch(cp, "", m1, proof);
    }

    // ------------------------------------------------------------ signatures

    function _oneMessageBatch()
        internal
        returns (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof)
    {
        _send("a");
        bytes memory sigs;
        (cp, sigs, msgs, proof) = _batch();
    }

    function _keys(uint256 a, uint256 b, uint256 c) internal view returns (uint256[] memory k) {
        k = new uint256[](3);
        k[0] = validatorKeys[a];
        k[1] = validatorKeys[b];
        k[2] = validatorKeys[c];
    }

    function test_rejects_forgedSigner() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        // a forger whose address sorts after every validator, so membership (not order) is what fails
        uint256 forger = 0xBAD;
        while (vm.addr(forger) < vm.addr(validatorKeys[VALIDATORS - 1])) {
            ++forger;
        }
        uint256[] memory keys = _keys(0, 1, 2);
        keys[2] = forger;
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.NotAValidator.selector, vm.addr(forger)));
        dest.processBatch(cp, _sign(cp, keys), msgs, proof);
    }

    function test_rejects_signatureOverDifferentRoot() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        Checkpoint memory other = cp;
        other.root = keccak256("other");
        bytes memory sigs = _sign(other, _keys(0, 1, 2));
        cp.root = _latestCheckpoint(L1).root;
        vm.expectRevert(); // recovers unrelated addresses: not ascending or not a validator
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_rejects_shortSignature() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        bytes memory sigs = _sign(cp, _keys(0, 1, 2));
        bytes memory shortSigs = new bytes(sigs.length - 1);
        for (uint256 i = 0; i < shortSigs.length; ++i) {
            shortSigs[i] = sigs[i];
        }
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.InvalidSignaturesLength.selector, shortSigs.length));
        dest.processBatch(cp, shortSigs, msgs, proof);
    }

    function test_rejects_duplicatedSigner() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        vm.expectRevert(
            abi.encodeWithSelector(MultisigIsm.SignersNotAscending.selector, 2, vm.addr(validatorKeys[1]))
        );
        dest.processBatch(cp, _sign(cp, _keys(0, 1, 1)), msgs, proof);
    }

    function test_rejects_unsortedSigners() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        vm.expectRevert(
            abi.encodeWithSelector(MultisigIsm.SignersNotAscending.selector, 1, vm.addr(validatorKeys[0]))
        );
        dest.processBatch(cp, _sign(cp, _keys(1, 0, 2)), msgs, proof);
    }

    function test_rejects_belowThreshold() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        uint256[] memory keys = new uint256[](2);
        keys[0] = validatorKeys[0];
        keys[1] = validatorKeys[1];
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.BelowThreshold.selector, 2, 3));
        dest.processBatch(cp, _sign(cp, keys), msgs, proof);
    }

    function test_rejects_highS() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        bytes memory sigs = _sign(cp, _keys(0, 1, 2));
        // Malleate the first signature: s' = n - s, v' = v ^ 1 (same signer, high s).
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        bytes32 s;
        assembly {
            s := mload(add(sigs, 64))
        }
        bytes32 highS = bytes32(n - uint256(s));
        uint8 v = uint8(sigs[64]) == 27 ? 28 : 27;
        assembly {
            mstore(add(sigs, 64), highS)
        }
        sigs[64] = bytes1(v);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_acceptsMoreThanThreshold() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        dest.processBatch(cp, _sign(cp, validatorKeys), msgs, proof);
        assertEq(recipient.count(), 1);
    }

    // ------------------------------------------------------------ checkpoint / batch validation

    function test_rejects_wrongOriginMailbox() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        cp.originMailbox = Message.toBytes32(address(0xDEAD));
        bytes memory sigs = _sign(cp, _keys(0, 1, 2)); // validly signed, but for another mailbox
        vm.expectRevert(
            abi.encodeWithSelector(
                Mailbox.WrongOriginMailbox.selector, L1, Message.toBytes32(address(origin)), cp.originMailbox
            )
        );
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_rejects_unknownOrigin() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        cp.origin = 99;
        bytes memory sigs = _sign(cp, _keys(0, 1, 2));
        vm.expectRevert(abi.encodeWithSelector(Mailbox.UnknownOrigin.selector, uint32(99)));
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_rejects_messageFromAnotherOrigin() public {
        Mailbox third = _deployChain(20);
        vm.prank(sender);
        third.dispatch(L2, Message.toBytes32(address(recipient)), 100_000, "z");
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        msgs[0] = sentMessages[20][0];
        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageOriginMismatch.selector, 0, uint32(20)));
        dest.processBatch(cp, _sign(cp, _keys(0, 1, 2)), msgs, proof);
    }

    function test_rejects_messageForAnotherDestination() public {
        _deployChain(20);
        vm.prank(sender);
        origin.dispatch(20, Message.toBytes32(address(recipient)), 100_000, "z");
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        bytes[] memory msgs = new bytes[](1);
        msgs[0] = sentMessages[L1][0];
        uint256[] memory nonces = new uint256[](1);
        bytes32[] memory proof = _proof(L1, nonces);
        bytes memory sigs = _quorumSign(cp);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageDestinationMismatch.selector, 0, uint32(20)));
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_rejects_nonceBeyondCheckpoint() public {
        _send("a");
        _send("b");
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        cp.index = 0;
        cp.root = MerkleHelper.naiveRoot(_firstLeaves(1));
        bytes[] memory msgs = new bytes[](1);
        msgs[0] = sentMessages[L1][1];
        uint256[] memory nonces = new uint256[](1);
        nonces[0] = 1;
        bytes32[] memory proof = _proof(L1, nonces);
        bytes memory sigs = _quorumSign(cp);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.NonceBeyondCheckpoint.selector, 0, uint64(1), uint32(0)));
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function _firstLeaves(uint256 k) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](k);
        for (uint256 i = 0; i < k; ++i) {
            leaves[i] = MerkleLib.leafHash(keccak256(sentMessages[L1][i]));
        }
    }

    function test_rejects_unsortedOrDuplicateNonces() public {
        _send("a");
        _send("b");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        (msgs[0], msgs[1]) = (msgs[1], msgs[0]);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.NoncesNotAscending.selector, 1));
        dest.processBatch(cp, sigs, msgs, proof);
        msgs[0] = msgs[1];
        vm.expectRevert(abi.encodeWithSelector(Mailbox.NoncesNotAscending.selector, 1));
        dest.processBatch(cp, sigs, msgs, proof);
    }

    function test_rejects_badProofs() public {
        _send("a");
        _send("b");
        _send("c");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        // tampered message body
        bytes memory original = msgs[1];
        bytes memory tampered = bytes.concat(original, "!");
        msgs[1] = tampered;
        vm.expectRevert();
        dest.processBatch(cp, sigs, msgs, proof);
        msgs[1] = original;
        // tampered proof node
        bytes32 saved = proof[0];
        proof[0] = bytes32(uint256(saved) ^ 1);
        vm.expectRevert();
        dest.processBatch(cp, sigs, msgs, proof);
        proof[0] = saved;
        // short proof
        bytes32[] memory shortProof = new bytes32[](proof.length - 1);
        for (uint256 i = 0; i < shortProof.length; ++i) {
            shortProof[i] = proof[i];
        }
        vm.expectRevert(MerkleLib.MultiproofTooShort.selector);
        dest.processBatch(cp, sigs, msgs, shortProof);
        // extra proof node
        bytes32[] memory longProof = new bytes32[](proof.length + 1);
        for (uint256 i = 0; i < proof.length; ++i) {
            longProof[i] = proof[i];
        }
        vm.expectRevert(abi.encodeWithSelector(MerkleLib.MultiproofUnusedNodes.selector, proof.length, proof.length + 1));
        dest.processBatch(cp, sigs, msgs, longProof);
        // a signed checkpoint whose root does not contain the messages
        Checkpoint memory fake = Checkpoint(cp.origin, cp.originMailbox, keccak256("fake"), cp.index);
        bytes memory fakeSigs = _quorumSign(fake);
        vm.expectRevert();
        dest.processBatch(fake, fakeSigs, msgs, proof);
        // still deliverable with the right data
        dest.processBatch(cp, sigs, msgs, proof);
        assertEq(recipient.count(), 3);
    }

    function test_rejects_malformedMessages() public {
        (Checkpoint memory cp, bytes[] memory msgs, bytes32[] memory proof) = _oneMessageBatch();
        bytes memory sigs = _sign(cp, _keys(0, 1, 2));
        bytes[] memory bad = new bytes[](1);
        bad[0] = new bytes(84);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageTooShort.selector, 0, 84));
        dest.processBatch(cp, sigs, bad, proof);
        bad[0] = msgs[0];
        bad[0][0] = bytes1(uint8(2));
        vm.expectRevert(abi.encodeWithSelector(Mailbox.UnsupportedVersion.selector, 0, uint8(2)));
        dest.processBatch(cp, sigs, bad, proof);
        vm.expectRevert(Mailbox.EmptyBatch.selector);
        dest.processBatch(cp, sigs, new bytes[](0), proof);
    }

    // ------------------------------------------------------------ failures, retry, gas

    function test_revertingRecipient_doesNotRevertBatch_andCanBeRetried() public {
        RecordingRecipient bad = new RecordingRecipient();
        bad.setRevert(true);
        _send("ok-1");
        bytes32 failedId = _sendTo(address(bad), 100_000);
        _send("ok-2");
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        vm.expectEmit(true, true, false, true, address(dest));
        emit Mailbox.ProcessFailed(failedId, L1, 1, abi.encodeWithSelector(RecordingRecipient.Nope.selector, 42));
        dest.processBatch(cp, sigs, msgs, proof);
        assertEq(recipient.count(), 2);
        assertTrue(dest.failed(failedId));
        assertFalse(dest.delivered(L1, 1));

        vm.expectRevert(
            abi.encodeWithSelector(
                Mailbox.RetryFailed.selector, failedId, abi.encodeWithSelector(RecordingRecipient.Nope.selector, 42)
            )
        );
        dest.retry(msgs[1]);

        bad.setRevert(false);
        vm.expectEmit(true, true, false, true, address(dest));
        emit Mailbox.Retried(failedId, L1, 1);
        vm.prank(address(0xCAFE)); // anyone
        dest.retry(msgs[1]);
        assertEq(bad.count(), 1);
        assertTrue(dest.delivered(L1, 1));
        assertFalse(dest.failed(failedId));

        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageNotFailed.selector, failedId));
        dest.retry(msgs[1]);
        vm.expectRevert(abi.encodeWithSelector(Mailbox.MessageNotFailed.selector, keccak256(msgs[0])));
        dest.retry(msgs[0]);
    }

    function test_failedMessage_redeliveredByBatchIsNotRetryable() public {
        RecordingRecipient bad = new RecordingRecipient();
        bad.setRevert(true);
        bytes32 id = _sendTo(address(bad), 100_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        dest.processBatch(cp, sigs, msgs, proof);
        assertTrue(dest.failed(id));
        bad.setRevert(false);
        dest.processBatch(cp, sigs, msgs, proof); // a relayer includes it again: delivered now
        assertFalse(dest.failed(id));
        vm.expectRevert(abi.encodeWithSelector(Mailbox.AlreadyDelivered.selector, id));
        dest.retry(msgs[0]);
        assertEq(bad.count(), 1);
    }

    function test_recipientWithoutCode_failsAndIsRetryableOnceDeployed() public {
        address future = address(0xF00D);
        bytes32 id = _sendTo(future, 100_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        dest.processBatch(cp, sigs, msgs, proof);
        assertTrue(dest.failed(id));
        vm.etch(future, address(new NoopRecipient()).code);
        dest.retry(msgs[0]);
        assertTrue(dest.delivered(L1, 0));
    }

    function test_underfundedGas_revertsWholeTx() public {
        GasHungryRecipient hungry = new GasHungryRecipient();
        _sendTo(address(hungry), 1_000_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        bytes memory data = abi.encodeCall(Mailbox.processBatch, (cp, sigs, msgs, proof));
        (bool ok, bytes memory ret) = address(dest).call{gas: 900_000}(data);
        assertFalse(ok);
        assertEq(bytes4(ret), Mailbox.InsufficientGas.selector);
        assertFalse(dest.delivered(L1, 0));
        assertEq(hungry.calls(), 0);

        (ok,) = address(dest).call{gas: 1_200_000}(data);
        assertTrue(ok);
        assertEq(hungry.calls(), 1);
        // handle got exactly the committed gas limit (minus its own prologue)
        assertLe(hungry.gasAtEntry(), 1_000_000);
        assertGe(hungry.gasAtEntry(), 1_000_000 - 500);
    }

    function test_returnBomb_isBounded() public {
        ReturnBombRecipient bomb = new ReturnBombRecipient();
        bytes32 id = _sendTo(address(bomb), 100_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        bytes memory truncated = new bytes(256); // the bomb's first 256 bytes of memory: zeros, fmp 0x80 at 0x40
        truncated[95] = 0x80;
        vm.expectEmit(true, true, false, true, address(dest));
        emit Mailbox.ProcessFailed(id, L1, 0, truncated);
        dest.processBatch{gas: 500_000}(cp, sigs, msgs, proof);
        assertTrue(dest.failed(id));
    }

    // ------------------------------------------------------------ reentrancy

    function test_reentrancy_dispatchFromRefundKeepsTreeConsistent() public {
        vm.prank(admin);
        origin.setGasConfig(L2, 1 gwei, 0);
        RefundReenterer r = new RefundReenterer(origin);
        vm.deal(address(this), 1 ether);
        r.go{value: 1 ether}(L2);
        assertEq(r.reentered(), 2);
        assertEq(origin.count(), 2);
        _syncLogs();
        assertEq(origin.root(), MerkleHelper.naiveRoot(MerkleHelper.leafHashes(sentMessages[L1])));
        assertEq(address(origin).balance, 2 * 50_000 gwei);
    }

    function test_reentrancy_sameMessageViaProcessBatchIsNoop() public {
        ReentrantRecipient r = new ReentrantRecipient(dest);
        _sendTo(address(r), 500_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        r.arm(BatchCall.encode(cp, sigs, msgs, proof));
        dest.processBatch(cp, sigs, msgs, proof);
        assertEq(r.handled(), 1);
        assertTrue(r.reentryOk()); // the nested batch succeeded but skipped the message
        assertTrue(dest.delivered(L1, 0));
    }

    function test_reentrancy_retryOfInFlightMessageReverts() public {
        ReentrantRecipient r = new ReentrantRecipient(dest);
        _sendTo(address(r), 500_000);
        (Checkpoint memory cp, bytes memory sigs, bytes[] memory msgs, bytes32[] memory proof) = _batch();
        r.arm(abi.encodeCall(Mailbox.retry, (msgs[0])));
        dest.processBatch(cp, sigs, msgs, proof);
        assertEq(r.handled(), 1);
        assertFalse(r.reentryOk());
    }

    function test_reentrancy_otherMessageDeliveredFromHandle() public {
        // handle of message 0 re-entrantly delivers message 1 (a different nonce of the same bitmap word)
        ReentrantRecipient r = new ReentrantRecipient(dest);
        _sendTo(address(r), 1_000_000);
        _sendTo(address(r), 100_000);
        _syncLogs();
        Checkpoint memory cp = _latestCheckpoint(L1);
        bytes memory sigs = _quorumSign(cp);
        uint256[] memory one = new uint256[](1);
        one[0] = 1;
        bytes[] memory m1 = new bytes[](1);
        m1[0] = sentMessages[L1][1];
        r.arm(BatchCall.encode(cp, sigs, m1, _proof(L1, one)));
        uint256[] memory zero = new uint256[](1);
        bytes[] memory m0 = new bytes[](1);
        m0[0] = sentMessages[L1][0];
        dest.processBatch(cp, sigs, m0, _proof(L1, zero));
        assertTrue(r.reentryOk());
        assertEq(r.handled(), 2);
        assertTrue(dest.delivered(L1, 0) && dest.delivered(L1, 1));
        assertEq(dest.deliveredWord(L1, 0), 3);
    }
}
