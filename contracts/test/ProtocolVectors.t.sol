// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {MerkleHelper} from "./utils/MerkleHelper.sol";
import {Message} from "../src/libs/Message.sol";
import {MerkleLib} from "../src/libs/MerkleLib.sol";
import {CheckpointLib} from "../src/libs/Checkpoint.sol";
import {PriceFeed} from "../src/PriceFeed.sol";

/// @notice Exposes the calldata accessors of the Message codec.
contract MessageCalldataHarness {
    function parse(bytes calldata m)
        external
        pure
        returns (Message.Header memory h, bytes memory body, bytes32 id)
    {
        (h.version, h.nonce, h.origin) = Message.versionNonceOrigin(m);
        h.sender = Message.sender(m);
        h.destination = Message.destination(m);
        h.recipient = Message.recipient(m);
        h.gasLimit = Message.gasLimit(m);
        body = Message.body(m);
        id = Message.idCalldata(m);
    }
}

/// @notice Fixed vectors computed independently (node + js-sha3, see PROTOCOL.md); the C# node must reproduce them.
contract ProtocolVectorsTest is Test {
    bytes constant MESSAGE =
        hex"0100000000000000070000000100000000000000000000000000000000000000000000000000000000000000aa0000000a00000000000000000000000000000000000000000000000000000000000000bb000249f068656c6c6f";

    function test_messageEncodingAndId() public {
        bytes memory m = Message.encode(
            7, 1, bytes32(uint256(0xaa)), 10, bytes32(uint256(0xbb)), 150_000, bytes("hello")
        );
        assertEq(m, MESSAGE);
        assertEq(m.length, 85 + 5);
        assertEq(keccak256(m), 0xfb4da1bdd111141a46f2969d9f77970aa6beab40d37cb4d1a2cc49ea4f0f0c4a);
        assertEq(
            MerkleLib.leafHash(keccak256(m)), 0x54a44130673bbb155476dc78e0277e557ffbdea2ce51293fbced6e9f1140dd2d
        );
        (Message.Header memory h, bytes memory body) = Message.decode(m);
        assertEq(uint256(h.version), 1);
        assertEq(uint256(h.nonce), 7);
        assertEq(uint256(h.origin), 1);
        assertEq(h.sender, bytes32(uint256(0xaa)));
        assertEq(uint256(h.destination), 10);
        assertEq(h.recipient, bytes32(uint256(0xbb)));
        assertEq(uint256(h.gasLimit), 150_000);
        assertEq(body, bytes("hello"));
        assertEq(Message.id(m), keccak256(m));

        (Message.Header memory c, bytes memory cBody, bytes32 cId) = new MessageCalldataHarness().parse(m);
        assertEq(keccak256(abi.encode(c)), keccak256(abi.encode(h)));
        assertEq(cBody, body);
        assertEq(cId, keccak256(m));
    }

    function testFuzz_messageRoundTrip(uint64 nonce, uint32 o, bytes32 s, uint32 d, bytes32 r, uint32 g, bytes memory b)
        public
    {
        bytes memory m = Message.encode(nonce, o, s, d, r, g, b);
        (Message.Header memory c, bytes memory cBody, bytes32 cId) = new MessageCalldataHarness().parse(m);
        assertEq(uint256(c.version), 1);
        assertEq(uint256(c.nonce), nonce);
        assertEq(uint256(c.origin), o);
        assertEq(c.sender, s);
        assertEq(uint256(c.destination), d);
        assertEq(c.recipient, r);
        assertEq(uint256(c.gasLimit), g);
        assertEq(cBody, b);
        assertEq(cId, keccak256(m));
    }

    function test_checkpointDigest() public pure {
        bytes32 mailbox = bytes32(uint256(0x1234));
        assertEq(
            CheckpointLib.domainHash(1, mailbox), 0x722f7fae7946b9cc208244d19c6143f1baf213a4f82eab52f58c30665638f2cc
        );
        bytes32 root = 0x1111111111111111111111111111111111111111111111111111111111111111;
        bytes32 digest = CheckpointLib.digest(1, mailbox, root, 7);
        assertEq(digest, 0x5416d6ad3b1ba489daf556047c1ef5dc4848af7beaf3917bae3b85ae8777755d);
        assertEq(
            CheckpointLib.signedHash(digest), 0x378634c178840c3acd797c03c81c4acfd5847b122148aa5f47102452a52cb010
        );
    }

    function test_multiproofOfFiveLeaves() public pure {
        bytes32[] memory leaves = new bytes32[](5);
        for (uint256 i = 0; i < 5; ++i) {
            leaves[i] = MerkleLib.leafHash(bytes32(i + 1));
        }
        assertEq(MerkleHelper.naiveRoot(leaves), 0xd22a9da80085e1b6ff8b40b2ce8b81f7d5372a2efb43222a7415b9d8ad55f1a2);
        uint256[] memory idx = new uint256[](3);
        (idx[0], idx[1], idx[2]) = (1, 3, 4);
        bytes32[] memory proof = MerkleHelper.multiproof(leaves, idx);
        assertEq(proof.length, 33);
        assertEq(proof[0], leaves[0]);
        assertEq(proof[1], leaves[2]);
        assertEq(proof[2], bytes32(0));
        assertEq(keccak256(abi.encodePacked(proof)), 0x3ff5e4e70ca4ec5b396bbfcd12b3d178d4099a7f5516af343977b27858956c4a);
        bytes32[] memory picked = new bytes32[](3);
        (picked[0], picked[1], picked[2]) = (leaves[1], leaves[3], leaves[4]);
        assertEq(
            MerkleLib.processMultiproof(idx, picked, proof),
            0xd22a9da80085e1b6ff8b40b2ce8b81f7d5372a2efb43222a7415b9d8ad55f1a2
        );
    }

    function test_priceDigest() public {
        PriceFeed feed = new PriceFeed(address(1), 60, address(this));
        assertEq(
            feed.priceDigest(keccak256("ETH-USD"), 3000e18, 1_700_000_000),
            0xc0ee17be0967e1b50264a00f085690fe7404756cce5957ed85ba5ee569ec7dd2
        );
    }
}
