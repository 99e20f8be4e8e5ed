// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MultisigIsm} from "../src/MultisigIsm.sol";
import {Checkpoint, CheckpointLib} from "../src/libs/Checkpoint.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract MultisigIsmTest is Test {
    MultisigIsm ism;
    address owner = address(0x0A);
    uint256[] keys;

    function setUp() public {
        ism = new MultisigIsm(owner);
        for (uint256 i = 1; i <= 4; ++i) {
            keys.push(i * 1000 + 7);
        }
        for (uint256 i = 1; i < keys.length; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j]) < vm.addr(keys[j - 1]); --j) {
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
    }

    function _vals() internal view returns (address[] memory v) {
        v = new address[](keys.length);
        for (uint256 i = 0; i < keys.length; ++i) {
            v[i] = vm.addr(keys[i]);
        }
    }

    function _sigs(Checkpoint memory cp, uint256 n) internal view returns (bytes memory out) {
        bytes32 h = CheckpointLib.signedHash(CheckpointLib.digest(cp.origin, cp.originMailbox, cp.root, cp.index));
        for (uint256 i = 0; i < n; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], h);
            out = abi.encodePacked(out, r, s, v);
        }
    }

    function test_setValidators_validation() public {
        address[] memory v = _vals();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        ism.setValidators(1, v, 2);
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.InvalidThreshold.selector, 0, 4));
        ism.setValidators(1, v, 0);
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.InvalidThreshold.selector, 5, 4));
        ism.setValidators(1, v, 5);
        v[2] = v[1];
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.DuplicateValidator.selector, v[1]));
        ism.setValidators(1, v, 2);
        v[2] = address(0);
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.InvalidValidator.selector, address(0)));
        ism.setValidators(1, v, 2);
        ism.setValidators(1, _vals(), 3);
        vm.stopPrank();
        (address[] memory got, uint8 threshold) = ism.validatorsAndThreshold(1);
        assertEq(got.length, 4);
        assertEq(uint256(threshold), 3);
        assertEq(uint256(ism.validatorSetVersion(1)), 1);
        assertTrue(ism.isValidator(1, got[0]));
        assertFalse(ism.isValidator(2, got[0]));
    }

    function test_rotationRemovesOldMembers() public {
        vm.prank(owner);
        ism.setValidators(1, _vals(), 2);
        address[] memory one = new address[](1);
        one[0] = vm.addr(keys[3]);
        vm.prank(owner);
        ism.setValidators(1, one, 1);
        assertFalse(ism.isValidator(1, vm.addr(keys[0])));
        assertTrue(ism.isValidator(1, one[0]));
    }

    function test_verifyCheckpoint_cachesAndEmits() public {
        vm.prank(owner);
        ism.setValidators(1, _vals(), 3);
        Checkpoint memory cp = Checkpoint(1, bytes32(uint256(0xB0B)), keccak256("root"), 9);
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.NoValidatorSet.selector, uint32(2)));
        ism.verifyCheckpoint(Checkpoint(2, cp.originMailbox, cp.root, cp.index), "");
        vm.expectEmit(true, true, false, true, address(ism));
        emit MultisigIsm.CheckpointVerified(1, cp.root, 9, cp.originMailbox);
        vm.prank(address(0xCAFE)); // anyone may verify (and so warm the cache)
        ism.verifyCheckpoint(cp, _sigs(cp, 3));
        assertTrue(ism.isVerified(cp));
        ism.verifyCheckpoint(cp, ""); // cached
        // the cache is per (origin, mailbox, root, index)
        Checkpoint memory other = Checkpoint(1, bytes32(uint256(0xC0C)), cp.root, cp.index);
        assertFalse(ism.isVerified(other));
        vm.expectRevert(abi.encodeWithSelector(MultisigIsm.BelowThreshold.selector, 0, 3));
        ism.verifyCheckpoint(other, "");
    }

    function testFuzz_signatureCount(uint8 n) public {
        vm.prank(owner);
        ism.setValidators(1, _vals(), 3);
        uint256 count = bound(n, 0, 4);
        Checkpoint memory cp = Checkpoint(1, bytes32(uint256(0xB0B)), keccak256(abi.encode(n)), 1);
        bytes memory sigs = _sigs(cp, count);
        if (count < 3) vm.expectRevert(abi.encodeWithSelector(MultisigIsm.BelowThreshold.selector, count, 3));
        ism.verifyCheckpoint(cp, sigs);
    }
}
