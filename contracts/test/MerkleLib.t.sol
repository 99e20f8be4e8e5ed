// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MerkleHelper} from "./utils/MerkleHelper.sol";
import {MerkleLib} from "../src/libs/MerkleLib.sol";

contract TreeHarness {
    using MerkleLib for MerkleLib.Tree;

    MerkleLib.Tree internal tree;

    function insert(bytes32 leaf) external {
        tree.insert(leaf);
    }

    function root() external view returns (bytes32) {
        return tree.root();
    }

    function verify(uint256[] memory indices, bytes32[] memory leaves, bytes32[] calldata proof)
        external
        pure
        returns (bytes32)
    {
        return MerkleLib.processMultiproof(indices, leaves, proof);
    }
}

contract MerkleLibTest is Test {
    TreeHarness harness;

    function setUp() public {
        harness = new TreeHarness();
    }

    function _leaves(uint256 n, uint256 seed) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            leaves[i] = MerkleLib.leafHash(keccak256(abi.encode(seed, i)));
        }
    }

    function test_zeroHashes_chain() public pure {
        bytes32[33] memory z = MerkleLib.zeroHashes();
        assertEq(z[0], bytes32(0));
        for (uint256 i = 0; i < 32; ++i) {
            assertEq(z[i + 1], MerkleLib.nodeHash(z[i], z[i]));
        }
    }

    function test_emptyTreeRoot() public view {
        assertEq(harness.root(), MerkleLib.zeroHashes()[32]);
    }

    function test_domainSeparation() public pure {
        bytes32 id = keccak256("m");
        assertNotEq(MerkleLib.leafHash(id), keccak256(abi.encodePacked(id)));
        assertEq(MerkleLib.leafHash(id), keccak256(abi.encodePacked(bytes1(0x00), id)));
        assertEq(MerkleLib.nodeHash(id, id), keccak256(abi.encodePacked(bytes1(0x01), id, id)));
    }

    function testFuzz_incrementalRootEqualsNaive(uint16 count, uint256 seed) public {
        uint256 n = bound(count, 0, 300);
        bytes32[] memory leaves = _leaves(n, seed);
        for (uint256 i = 0; i < n; ++i) {
            harness.insert(leaves[i]);
        }
        assertEq(harness.root(), MerkleHelper.naiveRoot(leaves));
    }

    function test_incrementalRootAtPowersOfTwo() public {
        bytes32[] memory leaves = _leaves(257, 7);
        for (uint256 i = 0; i < leaves.length; ++i) {
            harness.insert(leaves[i]);
            uint256 c = i + 1;
            if (c & (c - 1) == 0 || c == 257) {
                bytes32[] memory prefix = new bytes32[](c);
                for (uint256 j = 0; j < c; ++j) {
                    prefix[j] = leaves[j];
                }
                assertEq(harness.root(), MerkleHelper.naiveRoot(prefix));
            }
        }
    }

    function _subset(uint256 n, uint256 seed) internal pure returns (uint256[] memory idx) {
        idx = new uint256[](n);
        uint256 k = 0;
        for (uint256 i = 0; i < n; ++i) {
            if (uint256(keccak256(abi.encode(seed, "pick", i))) % 3 == 0) idx[k++] = i;
        }
        if (k == 0) idx[k++] = seed % n;
        assembly ("memory-safe") {
            mstore(idx, k)
        }
    }

    function _pick(bytes32[] memory leaves, uint256[] memory idx) internal pure returns (bytes32[] memory out) {
        out = new bytes32[](idx.length);
        for (uint256 i = 0; i < idx.length; ++i) {
            out[i] = leaves[idx[i]];
        }
    }

    function _copy(uint256[] memory a) internal pure returns (uint256[] memory b) {
        b = new uint256[](a.length);
        for (uint256 i = 0; i < a.length; ++i) {
            b[i] = a[i];
        }
    }

    function testFuzz_multiproofVerifiesRandomSubsets(uint16 count, uint256 seed) public view {
        uint256 n = bound(count, 1, 200);
        bytes32[] memory leaves = _leaves(n, seed);
        uint256[] memory idx = _subset(n, seed);
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        assertEq(harness.verify(_copy(idx), _pick(leaves, idx), proof), MerkleHelper.naiveRoot(leaves));
    }

    function testFuzz_multiproofTamperedLeafFails(uint16 count, uint256 seed, uint256 which) public view {
        uint256 n = bound(count, 1, 120);
        bytes32[] memory leaves = _leaves(n, seed);
        uint256[] memory idx = _subset(n, seed);
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        bytes32[] memory picked = _pick(leaves, idx);
        uint256 w = which % picked.length;
        picked[w] = keccak256(abi.encode(picked[w]));
        assertNotEq(harness.verify(_copy(idx), picked, proof), MerkleHelper.naiveRoot(leaves));
    }

    function testFuzz_multiproofTamperedProofFails(uint16 count, uint256 seed, uint256 which) public view {
        uint256 n = bound(count, 1, 120);
        bytes32[] memory leaves = _leaves(n, seed);
        uint256[] memory idx = _subset(n, seed);
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        uint256 w = which % proof.length;
        proof[w] = bytes32(uint256(proof[w]) ^ 1);
        assertNotEq(harness.verify(_copy(idx), _pick(leaves, idx), proof), MerkleHelper.naiveRoot(leaves));
    }

    function testFuzz_multiproofWrongIndexFails(uint16 count, uint256 seed) public view {
        uint256 n = bound(count, 2, 120);
        bytes32[] memory leaves = _leaves(n, seed);
        uint256[] memory idx = new uint256[](1);
        idx[0] = seed % (n - 1);
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        bytes32[] memory one = _pick(leaves, idx);
        idx[0] += 1; // claim the leaf sits one position to the right
        assertNotEq(harness.verify(idx, one, proof), MerkleHelper.naiveRoot(leaves));
    }

    function test_multiproofShapeErrors() public {
        bytes32[] memory leaves = _leaves(4, 1);
        uint256[] memory idx = new uint256[](2);
        idx[0] = 1;
        idx[1] = 2;
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        assertEq(proof.length, 2 + 30); // siblings 0 and 3, then the 30 empty subtrees above the 4-leaf tree

        vm.expectRevert(MerkleLib.MultiproofEmpty.selector);
        harness.verify(new uint256[](0), new bytes32[](0), proof);
        vm.expectRevert(abi.encodeWithSelector(MerkleLib.MultiproofLengthMismatch.selector, 2, 1));
        harness.verify(_copy(idx), new bytes32[](1), proof);
        uint256[] memory unsorted = new uint256[](2);
        unsorted[0] = 2;
        unsorted[1] = 1;
        vm.expectRevert(abi.encodeWithSelector(MerkleLib.MultiproofIndicesNotAscending.selector, 1));
        harness.verify(unsorted, _pick(leaves, idx), proof);
        uint256[] memory dup = new uint256[](2);
        dup[0] = 1;
        dup[1] = 1;
        vm.expectRevert(abi.encodeWithSelector(MerkleLib.MultiproofIndicesNotAscending.selector, 1));
        harness.verify(dup, _pick(leaves, idx), proof);
        uint256[] memory big = new uint256[](1);
        big[0] = 1 << 32;
        vm.expectRevert(abi.encodeWithSelector(MerkleLib.MultiproofIndexOutOfRange.selector, 1 << 32));
        harness.verify(big, new bytes32[](1), proof);
    }

    /// @dev Fixed vector computed independently (node + js-sha3); the C# implementation must match it.
    function test_vector_rootOfThreeLeaves() public pure {
        bytes32[] memory leaves = new bytes32[](3);
        leaves[0] = MerkleLib.leafHash(bytes32(uint256(1)));
        leaves[1] = MerkleLib.leafHash(bytes32(uint256(2)));
        leaves[2] = MerkleLib.leafHash(bytes32(uint256(3)));
        assertEq(MerkleHelper.naiveRoot(leaves), ROOT_OF_IDS_1_2_3);
    }

    bytes32 constant ROOT_OF_IDS_1_2_3 = 0xbd5e4790a70a569ac7b22a1a8c2e9688ed6ff209013130b08b8623aa33b690ee;
}
