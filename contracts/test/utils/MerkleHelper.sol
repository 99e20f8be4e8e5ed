// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleLib} from "../../src/libs/MerkleLib.sol";

/// @notice Naive full-tree Merkle computations for tests: root of a leaf list and batch multiproofs.
library MerkleHelper {
    /// @notice Every level of the tree over `leaves` (level 0 = leaves), materialised up to a single node.
    function layers(bytes32[] memory leaves) internal pure returns (bytes32[][] memory out) {
        bytes32[33] memory z = MerkleLib.zeroHashes();
        out = new bytes32[][](MerkleLib.DEPTH + 1);
        out[0] = leaves;
        for (uint256 level = 0; level < MerkleLib.DEPTH; ++level) {
            bytes32[] memory cur = out[level];
            uint256 m = (cur.length + 1) / 2;
            bytes32[] memory next = new bytes32[](m);
            for (uint256 i = 0; i < m; ++i) {
                bytes32 left = cur[2 * i];
                bytes32 right = 2 * i + 1 < cur.length ? cur[2 * i + 1] : z[level];
                next[i] = MerkleLib.nodeHash(left, right);
            }
            out[level + 1] = next;
        }
    }

    /// @notice Root of the depth-32 tree whose first leaves are `leaves` (all others empty).
    function naiveRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) return MerkleLib.zeroHashes()[MerkleLib.DEPTH];
        return layers(leaves)[MerkleLib.DEPTH][0];
    }

    /// @notice Multiproof for the (strictly ascending) `indices` of the tree over `leaves`, in the order
    /// MerkleLib.processMultiproof consumes it.
    function multiproof(bytes32[] memory leaves, uint256[] memory indices) internal pure returns (bytes32[] memory) {
        bytes32[33] memory z = MerkleLib.zeroHashes();
        bytes32[][] memory tree = layers(leaves);
        bytes32[] memory proof = new bytes32[](indices.length * MerkleLib.DEPTH);
        uint256 p = 0;
        uint256[] memory cur = new uint256[](indices.length);
        for (uint256 i = 0; i < indices.length; ++i) {
            cur[i] = indices[i];
        }
        uint256 n = cur.length;
        for (uint256 level = 0; level < MerkleLib.DEPTH; ++level) {
            uint256 w = 0;
            uint256 i = 0;
            while (i < n) {
                uint256 k = cur[i];
                if (k & 1 == 0 && i + 1 < n && cur[i + 1] == k + 1) {
                    i += 2;
                } else {
                    uint256 s = k ^ 1;
                    proof[p++] = s < tree[level].length ? tree[level][s] : z[level];
                    ++i;
                }
                cur[w++] = k >> 1;
            }
            n = w;
        }
        assembly ("memory-safe") {
            mstore(proof, p)
        }
        return proof;
    }

    /// @notice Leaf hashes of a list of messages.
    function leafHashes(bytes[] memory messages) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](messages.length);
        for (uint256 i = 0; i < messages.length; ++i) {
            leaves[i] = MerkleLib.leafHash(keccak256(messages[i]));
        }
    }
}
