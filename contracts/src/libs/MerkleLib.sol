// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MerkleLib
/// @notice Incremental Merkle tree of depth 32 with domain-separated nodes, and the batch multiproof verifier.
///   leaf(id)        = keccak256(0x00 ‖ id)
///   node(l, r)      = keccak256(0x01 ‖ l ‖ r)
///   zero[0]         = bytes32(0),  zero[i+1] = node(zero[i], zero[i])
/// The tree keeps the 32-entry left branch (eth2 deposit contract style), so an insert costs at most 32 hashes.
library MerkleLib {
    uint256 internal constant DEPTH = 32;
    uint256 internal constant MAX_LEAVES = (1 << DEPTH) - 1;

    error MerkleTreeFull();
    error MultiproofEmpty();
    error MultiproofLengthMismatch(uint256 indices, uint256 leaves);
    error MultiproofIndicesNotAscending(uint256 position);
    error MultiproofIndexOutOfRange(uint256 index);
    error MultiproofTooShort();
    error MultiproofUnusedNodes(uint256 used, uint256 provided);

    struct Tree {
        bytes32[DEPTH] branch;
        uint256 count;
    }

    /// @notice Leaf hash of a message id.
    function leafHash(bytes32 messageId) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore8(p, 0x00)
            mstore(add(p, 1), messageId)
            result := keccak256(p, 33)
        }
    }

    /// @notice Internal node hash.
    function nodeHash(bytes32 left, bytes32 right) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore8(p, 0x01)
            mstore(add(p, 1), left)
            mstore(add(p, 33), right)
            result := keccak256(p, 65)
        }
    }

    /// @notice Appends a leaf hash.
    function insert(Tree storage tree, bytes32 leaf) internal {
        uint256 size = tree.count + 1;
        if (size > MAX_LEAVES) revert MerkleTreeFull();
        tree.count = size;
        bytes32 node = leaf;
        for (uint256 i = 0; i < DEPTH; ++i) {
            if (size & 1 == 1) {
                tree.branch[i] = node;
                return;
            }
            node = nodeHash(tree.branch[i], node);
            size >>= 1;
        }
        // Unreachable: size <= MAX_LEAVES < 2^DEPTH always has a set bit below DEPTH.
        assert(false);
    }

    /// @notice Root of the tree with its current count of leaves.
    function root(Tree storage tree) internal view returns (bytes32 node) {
        uint256 index = tree.count;
        bytes32[DEPTH + 1] memory z = zeroHashes();
        for (uint256 i = 0; i < DEPTH; ++i) {
            if ((index >> i) & 1 == 1) {
                node = nodeHash(tree.branch[i], node);
            } else {
                node = nodeHash(node, z[i]);
            }
        }
    }

    /// @notice Recomputes the root from a multiproof. `indices` must be strictly ascending leaf indices and
    /// `nodes` their leaf hashes; both arrays are overwritten. Per level, walking the nodes in order: an even
    /// node whose right neighbour is present is hashed with it; otherwise the sibling is the next proof element.
    function processMultiproof(uint256[] memory indices, bytes32[] memory nodes, bytes32[] memory proof)
        internal
        pure
        returns (bytes32)
    {
        uint256 n = indices.length;
        if (n == 0) revert MultiproofEmpty();
        if (n != nodes.length) revert MultiproofLengthMismatch(n, nodes.length);
        if (indices[n - 1] > MAX_LEAVES) revert MultiproofIndexOutOfRange(indices[n - 1]);
        for (uint256 i = 1; i < n; ++i) {
            if (indices[i] <= indices[i - 1]) revert MultiproofIndicesNotAscending(i);
        }
        uint256 p = 0;
        uint256 proofLength = proof.length;
        for (uint256 level = 0; level < DEPTH; ++level) {
            uint256 w = 0;
            uint256 i = 0;
            while (i < n) {
                uint256 k = indices[i];
                bytes32 parent;
                if (k & 1 == 0) {
                    if (i + 1 < n && indices[i + 1] == k + 1) {
                        parent = nodeHash(nodes[i], nodes[i + 1]);
                        i += 2;
                    } else {
                        if (p == proofLength) revert MultiproofTooShort();
                        parent = nodeHash(nodes[i], proof[p++]);
                        ++i;
                    }
                } else {
                    if (p == proofLength) revert MultiproofTooShort();
                    parent = nodeHash(proof[p++], nodes[i]);
                    ++i;
                }
                indices[w] = k >> 1;
                nodes[w] = parent;
                ++w;
            }
            n = w;
        }
        // Indices below 2^DEPTH always collapse to the single index 0 after DEPTH levels.
        if (p != proofLength) revert MultiproofUnusedNodes(p, proofLength);
        return nodes[0];
    }

    /// @notice zero[0..32]; zero[32] is the root of the empty tree.
    function zeroHashes() internal pure returns (bytes32[DEPTH + 1] memory z) {
        z[0] = 0x0000000000000000000000000000000000000000000000000000000000000000;
        z[1] = 0xc07a1e8b7e0057673fdc2affe190d8a960c5fe615663f27b7ce84f3d93ef92a6;
        z[2] = 0xfd47517474a597637d54038a0663d1d03b931b238de06b73e3c12cf443de6e8d;
        z[3] = 0x47a8f5e8fa70be2760378067c9c6d410dd96be07820b4230c11254c7ff10c298;
        z[4] = 0xaed19ca4bfe2365b1b33fa94744cd0c6a2d550506c7e7efc073879cb79459b9a;
        z[5] = 0x6e6998a7da8b2db5c98eb853099d8caec63797b5283b7dac37b2ffb630a86e24;
        z[6] = 0x181c19735bff23b55bc295fc0b60c1c5c7288209b261a08e26924598ce72404e;
        z[7] = 0xecb408b290ab2920e63611ef1e8ca964aebb66ea5739f19d24b92094f28e44f8;
        z[8] = 0x294bf9785e1391d24d52abf915636a73bdaa12ed29e85e21dae14c09d0f2e34b;
        z[9] = 0xcf7e37a934683edec795e3529db8fac0863519c2419ba24c0f6e4efa86ec7d1a;
        z[10] = 0x72ce48cca9bc743fed84a0bdc00ad2c5b540323849c982f671a9bd8d52d15719;
        z[11] = 0x0e2d7d0b695fdcd9dc6c54313ae652218375c3358d34ade3dcc49dda05c0db10;
        z[12] = 0xa0a786a71d24007a23f5ce21e6997a305baeefaf348937a8b74974cb039c10c8;
        z[13] = 0x0628cb6496193e6a55ece4a8240384e142273eeb9cc4bdae680f971fd1929f10;
        z[14] = 0x2c3b833a3ca9d6f02055871655dd18f003a279f84a334bf6050899a9bc1cedc3;
        z[15] = 0x1a6c5e9fd899efca64c2aca6243434b423d791f92a839c0c92ce0a5a51a07234;
        z[16] = 0xa9942b0fabdf9bf32241f8245eb26737ffbd91822ac484ae857fc35d21fb652f;
        z[17] = 0x7e4206a110a8721cc68455c35400b056251398dfcf98b04aeee19549bfd2122f;
        z[18] = 0xbfb429bfebb3aa270012d8063896d205bfd8ce116e4a304335bd59e9471f9fcc;
        z[19] = 0xe22fa8fff28cfb1f3664382ced6d3f1d634ef2851c10b1dce18c57c957985bf9;
        z[20] = 0xd29bf231e30afb5cd1bc01d214e905c60c87533bf967a94877b3843bb0bdef5d;
        z[21] = 0x146d57f70bcb580465116619359a35ece364f17e8d56524b5eee8bf6b8ebfdf6;
        z[22] = 0xcdbc0759e847f96beb000c3cc51e30f8b2ccac5dcc5c409fea938a3345f8b603;
        z[23] = 0x86e4b0792326c35995f1563b0d8f99fc38b0348a356e149c04b2783d5bd4cfb8;
        z[24] = 0x45965170d4d5afdbc7dd54ef3beb044e3a61bdc1a96a4d31beaaee6b75a3f063;
        z[25] = 0xb4603e46f0de988e62ff27b69f4d393a18f5ed31ea265fee69e73dc4eeddc902;
        z[26] = 0xb394b29ffe4175348b892c892e0eee5e565c83ebbe247de17cd9bf999d75d2b7;
        z[27] = 0xad44e31db4754e01afbb20b8aceb34ce5ef195a9701a7115326091c4fedb5a44;
        z[28] = 0x0bf2ca8aa236c35d3e7bd0ba97c8e772194462c90b5bb6caea4774e4100e95ef;
        z[29] = 0xde0aa4f414066517b910862d802e616c418bf24150940c3b74b46e6a4e84b15a;
        z[30] = 0x5368cf00e43190f04a959a2bfd87d648b02bb4494a00b755c1198da350e04cdb;
        z[31] = 0x223c1c9f16dfa65bdc98bd2ff419b6f1c47596c3f1eed71c5a3d3c2a3c33f99b;
        z[32] = 0x7c1d0e8a93ea9c09cc13b91ead8f72de66a33cb695c30934dc2d75bffac1248e;
    }
}
