// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Message
/// @notice Interop v1 message codec. Layout (packed, big-endian):
///   version u8 | nonce u64 | origin u32 | sender b32 | destination u32 | recipient b32 | gasLimit u32 | body
///   offsets:  0  |    1     |     9      |     13     |       45        |      49      |      81      | 85
/// The calldata accessors do not check the length: callers must check `length >= HEADER_LENGTH` first.
library Message {
    uint8 internal constant VERSION = 1;
    uint256 internal constant HEADER_LENGTH = 85;

    error MessageTooShort(uint256 length);
    error AddressOverflow(bytes32 value);

    /// @notice Decoded header of a message.
    struct Header {
        uint8 version;
        uint64 nonce;
        uint32 origin;
        bytes32 sender;
        uint32 destination;
        bytes32 recipient;
        uint32 gasLimit;
    }

    /// @notice Packs a v1 message.
    function encode(
        uint64 nonce,
        uint32 originDomain,
        bytes32 senderAccount,
        uint32 destinationDomain,
        bytes32 recipientAccount,
        uint32 handleGasLimit,
        bytes memory messageBody
    ) internal pure returns (bytes memory) {
        return abi.encodePacked(
            VERSION, nonce, originDomain, senderAccount, destinationDomain, recipientAccount, handleGasLimit, messageBody
        );
    }

    /// @notice Message id: keccak256 of the packed message.
    function id(bytes memory message) internal pure returns (bytes32) {
        return keccak256(message);
    }

    /// @notice keccak256 of a message held in calldata.
    function idCalldata(bytes calldata message) internal pure returns (bytes32 result) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, message.offset, message.length)
            result := keccak256(ptr, message.length)
        }
    }

    /// @notice version, nonce and origin from the first word of a calldata message.
    function versionNonceOrigin(bytes calldata message)
        internal
        pure
        returns (uint8 version, uint64 nonce, uint32 originDomain)
    {
        assembly {
            let w := calldataload(message.offset)
            version := shr(248, w)
            nonce := and(shr(184, w), 0xffffffffffffffff)
            originDomain := and(shr(152, w), 0xffffffff)
        }
    }

    function sender(bytes calldata message) internal pure returns (bytes32 result) {
        assembly {
            result := calldataload(add(message.offset, 13))
        }
    }

    function destination(bytes calldata message) internal pure returns (uint32 result) {
        assembly {
            result := shr(224, calldataload(add(message.offset, 45)))
        }
    }

    function recipient(bytes calldata message) internal pure returns (bytes32 result) {
        assembly {
            result := calldataload(add(message.offset, 49))
        }
    }

    function gasLimit(bytes calldata message) internal pure returns (uint32 result) {
        assembly {
            result := shr(224, calldataload(add(message.offset, 81)))
        }
    }

    function body(bytes calldata message) internal pure returns (bytes calldata) {
        return message[HEADER_LENGTH:];
    }

    /// @notice Decodes a message held in memory (tests and off-chain parity checks).
    function decode(bytes memory message) internal pure returns (Header memory h, bytes memory messageBody) {
        if (message.length < HEADER_LENGTH) revert MessageTooShort(message.length);
        bytes32 w0;
        bytes32 s;
        bytes32 w45;
        bytes32 r;
        bytes32 w81;
        assembly ("memory-safe") {
            let p := add(message, 32)
            w0 := mload(p)
            s := mload(add(p, 13))
            w45 := mload(add(p, 45))
            r := mload(add(p, 49))
            w81 := mload(add(p, 81))
        }
        h.version = uint8(uint256(w0) >> 248);
        h.nonce = uint64(uint256(w0) >> 184);
        h.origin = uint32(uint256(w0) >> 152);
        h.sender = s;
        h.destination = uint32(uint256(w45) >> 224);
        h.recipient = r;
        h.gasLimit = uint32(uint256(w81) >> 224);
        uint256 bodyLength = message.length - HEADER_LENGTH;
        messageBody = new bytes(bodyLength);
        for (uint256 i = 0; i < bodyLength; ++i) {
            messageBody[i] = message[HEADER_LENGTH + i];
        }
    }

    /// @notice Left-pads an EVM address to the protocol's 32-byte account form.
    function toBytes32(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    /// @notice Converts a 32-byte account to an EVM address, rejecting values with high bits set.
    function toAddress(bytes32 account) internal pure returns (address) {
        if (uint256(account) >> 160 != 0) revert AddressOverflow(account);
        return address(uint160(uint256(account)));
    }
}
