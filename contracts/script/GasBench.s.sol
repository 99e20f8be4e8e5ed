// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script} from "../test/utils/Test.sol";
import {MerkleHelper} from "../test/utils/MerkleHelper.sol";
import {NoopRecipient} from "../test/utils/Recipients.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {MultisigIsm} from "../src/MultisigIsm.sol";
import {Checkpoint, CheckpointLib} from "../src/libs/Checkpoint.sol";
import {Message} from "../src/libs/Message.sol";

/// @notice Broadcasts, for each batch size, a fresh origin Mailbox (domain 1) that dispatches N messages to a
/// fresh destination Mailbox (domain 2) with a no-op recipient, then one processBatch delivering all N with a
/// 3-of-5 checkpoint signature set. script/gas.sh reads the processBatch receipts.
/// Env: BROADCAST_KEY (sender), BODY_BYTES (message body length, default 32), GAS_LIMIT (default 50000).
contract GasBench is Script {
    uint32 constant ORIGIN = 1;
    uint32 constant DESTINATION = 2;

    uint256 key;
    uint256[] validatorKeys;

    function run() external {
        key = vm.envUint("BROADCAST_KEY");
        for (uint256 i = 0; i < 5; ++i) {
            validatorKeys.push(uint256(keccak256(abi.encode("gas-bench-validator", i))));
        }
        // ascending by address
        for (uint256 i = 1; i < 5; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(validatorKeys[j]) < vm.addr(validatorKeys[j - 1]); --j) {
                (validatorKeys[j], validatorKeys[j - 1]) = (validatorKeys[j - 1], validatorKeys[j]);
            }
        }
        uint256[3] memory sizes = [uint256(1), 16, 64];
        for (uint256 i = 0; i < sizes.length; ++i) {
            _bench(sizes[i]);
        }
    }

    function _bench(uint256 n) internal {
        vm.startBroadcast(key);
        (Mailbox origin, Mailbox destination, address recipient) = _deploy();
        bytes[] memory messages = _dispatchAll(origin, recipient, n);
        _deliver(origin, destination, messages);
        vm.stopBroadcast();
        require(destination.delivered(ORIGIN, uint64(n - 1)), "bench: not delivered");
    }

    function _deploy() internal returns (Mailbox origin, Mailbox destination, address recipient) {
        address deployer = vm.addr(key);
        address[] memory validators = new address[](5);
        for (uint256 i = 0; i < 5; ++i) {
            validators[i] = vm.addr(validatorKeys[i]);
        }
        origin = new Mailbox(ORIGIN, address(new MultisigIsm(deployer)), deployer);
        MultisigIsm ism = new MultisigIsm(deployer);
        destination = new Mailbox(DESTINATION, address(ism), deployer);
        recipient = address(new NoopRecipient());
        origin.enrollRemoteMailbox(DESTINATION, Message.toBytes32(address(destination)));
        destination.enrollRemoteMailbox(ORIGIN, Message.toBytes32(address(origin)));
        ism.setValidators(ORIGIN, validators, 3);
    }

    function _dispatchAll(Mailbox origin, address recipient, uint256 n) internal returns (bytes[] memory messages) {
        uint256 bodyBytes = vm.envOr("BODY_BYTES", uint256(32));
        uint32 gasLimit = uint32(vm.envOr("GAS_LIMIT", uint256(50_000)));
        bytes32 sender = Message.toBytes32(vm.addr(key));
        messages = new bytes[](n);
        for (uint256 i = 0; i < n; ++i) {
            bytes memory body = new bytes(bodyBytes);
            for (uint256 b = 0; b < bodyBytes; ++b) {
                body[b] = bytes1(uint8(0xA0 + (b + i) % 64));
            }
            origin.dispatch(DESTINATION, Message.toBytes32(recipient), gasLimit, body);
            messages[i] = Message.encode(
                uint64(i), ORIGIN, sender, DESTINATION, Message.toBytes32(recipient), gasLimit, body
            );
        }
    }

    function _deliver(Mailbox origin, Mailbox destination, bytes[] memory messages) internal {
        uint256 n = messages.length;
        uint256[] memory nonces = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            nonces[i] = i;
        }
        bytes32[] memory leaves = MerkleHelper.leafHashes(messages);
        bytes32 root = MerkleHelper.naiveRoot(leaves);
        require(root == origin.root(), "bench: script tree differs from origin mailbox tree");
        Checkpoint memory cp = Checkpoint({
            origin: ORIGIN,
            originMailbox: Message.toBytes32(address(origin)),
            root: root,
            index: uint32(n - 1)
        });
        bytes32 hash = CheckpointLib.signedHash(CheckpointLib.digest(ORIGIN, cp.originMailbox, root, cp.index));
        bytes memory sigs;
        for (uint256 i = 0; i < 3; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(validatorKeys[i], hash);
            sigs = abi.encodePacked(sigs, r, s, v);
        }
        destination.processBatch(cp, sigs, messages, MerkleHelper.multiproof(leaves, nonces));
    }
}
