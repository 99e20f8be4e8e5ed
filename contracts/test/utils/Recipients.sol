// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMessageRecipient} from "../../src/interfaces/IMessageRecipient.sol";
import {Mailbox} from "../../src/Mailbox.sol";
import {Checkpoint} from "../../src/libs/Checkpoint.sol";

/// @notice Does nothing (the gas benchmark recipient).
contract NoopRecipient is IMessageRecipient {
    function handle(uint32, bytes32, bytes calldata) external {}
}

/// @notice Records every delivery; can be switched to revert.
contract RecordingRecipient is IMessageRecipient {
    struct Delivery {
        uint32 origin;
        bytes32 sender;
        bytes body;
    }

    Delivery[] public deliveries;
    bool public shouldRevert;

    error Nope(uint256 code);

    function setRevert(bool value) external {
        shouldRevert = value;
    }

    function handle(uint32 origin, bytes32 sender, bytes calldata body) external {
        if (shouldRevert) revert Nope(42);
        deliveries.push(Delivery(origin, sender, body));
    }

    function count() external view returns (uint256) {
        return deliveries.length;
    }
}

/// @notice Burns gas in a loop until little is left, then records what it was given.
contract GasHungryRecipient is IMessageRecipient {
    uint256 public gasAtEntry;
    uint256 public calls;

    function handle(uint32, bytes32, bytes calldata) external {
        gasAtEntry = gasleft();
        calls += 1;
    }
}

/// @notice Reverts with a huge payload (return-data bomb).
contract ReturnBombRecipient is IMessageRecipient {
    function handle(uint32, bytes32, bytes calldata) external pure {
        assembly {
            revert(0, 200000)
        }
    }
}

/// @notice Re-enters the Mailbox from handle with a pre-armed call.
contract ReentrantRecipient is IMessageRecipient {
    Mailbox public immutable mailbox;
    bytes public reentryCall;
    bool public reentryOk;
    bytes public reentryResult;
    uint256 public handled;

    constructor(Mailbox mailbox_) {
        mailbox = mailbox_;
    }

    function arm(bytes calldata data) external {
        reentryCall = data;
    }

    function handle(uint32, bytes32, bytes calldata) external {
        handled += 1;
        bytes memory data = reentryCall;
        if (data.length != 0) {
            delete reentryCall; // re-enter once
            (reentryOk, reentryResult) = address(mailbox).call(data);
        }
    }
}

/// @notice Helper exposing processBatch calldata building for reentrancy tests.
library BatchCall {
    function encode(Checkpoint memory cp, bytes memory sigs, bytes[] memory messages, bytes32[] memory proof)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeCall(Mailbox.processBatch, (cp, sigs, messages, proof));
    }
}
