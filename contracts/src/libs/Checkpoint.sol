// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @notice A checkpoint: the tree of the mailbox `originMailbox` on domain `origin` with `index + 1` leaves has `root`.
struct Checkpoint {
    uint32 origin;
    bytes32 originMailbox;
    bytes32 root;
    uint32 index;
}

/// @title CheckpointLib
/// @notice Checkpoint digests that validators sign (EIP-191 over `digest`).
library CheckpointLib {
    /// @notice keccak256(origin u32 ‖ originMailbox b32 ‖ "INTEROP").
    function domainHash(uint32 origin, bytes32 originMailbox) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(origin, originMailbox, "INTEROP"));
    }

    /// @notice keccak256(domainHash ‖ root b32 ‖ index u32).
    function digest(uint32 origin, bytes32 originMailbox, bytes32 root, uint32 index)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(domainHash(origin, originMailbox), root, index));
    }

    /// @notice Digest of a checkpoint struct.
    function digest(Checkpoint calldata cp) internal pure returns (bytes32) {
        return digest(cp.origin, cp.originMailbox, cp.root, cp.index);
    }

    /// @notice The EIP-191 hash validators sign: keccak256("\x19Ethereum Signed Message:\n32" ‖ digest).
    function signedHash(bytes32 checkpointDigest) internal pure returns (bytes32) {
        return MessageHashUtils.toEthSignedMessageHash(checkpointDigest);
    }
}
