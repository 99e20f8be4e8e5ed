// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test, Vm} from "./Test.sol";
import {MerkleHelper} from "./MerkleHelper.sol";
import {Mailbox} from "../../src/Mailbox.sol";
import {MultisigIsm} from "../../src/MultisigIsm.sol";
import {Checkpoint, CheckpointLib} from "../../src/libs/Checkpoint.sol";
import {Message} from "../../src/libs/Message.sol";

/// @notice Multi-chain test base: several Mailboxes (one per domain) in one EVM, 3-of-5 validators per origin,
/// and a relayer that reads Dispatched logs, signs checkpoints with vm.sign and builds multiproofs.
abstract contract InteropTest is Test {
    uint256 internal constant VALIDATORS = 5;
    uint8 internal constant THRESHOLD = 3;

    /// @dev Validator private keys sorted by their address (ascending).
    uint256[] internal validatorKeys;
    address internal admin = address(0xAD);

    mapping(uint32 domain => Mailbox) internal mailboxes;
    mapping(uint32 domain => MultisigIsm) internal isms;
    uint32[] internal domains;
    /// @dev All messages each domain dispatched, in nonce order.
    mapping(uint32 domain => bytes[]) internal sentMessages;

    function _setUpValidators() internal {
        for (uint256 i = 0; i < VALIDATORS; ++i) {
            validatorKeys.push(uint256(keccak256(abi.encode("validator", i))) % (2 ** 200) + 1);
        }
        _sortKeys(validatorKeys);
        vm.recordLogs();
    }

    function _sortKeys(uint256[] storage keys) internal {
        for (uint256 i = 1; i < keys.length; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j]) < vm.addr(keys[j - 1]); --j) {
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
    }

    function validatorAddresses() internal view returns (address[] memory out) {
        out = new address[](validatorKeys.length);
        for (uint256 i = 0; i < validatorKeys.length; ++i) {
            out[i] = vm.addr(validatorKeys[i]);
        }
    }

    /// @dev Deploys the ISM + Mailbox of `domain` and connects it to every domain deployed before.
    function _deployChain(uint32 domain) internal returns (Mailbox mailbox) {
        if (validatorKeys.length == 0) _setUpValidators();
        MultisigIsm ism = new MultisigIsm(admin);
        mailbox = new Mailbox(domain, address(ism), admin);
        mailboxes[domain] = mailbox;
        isms[domain] = ism;
        address[] memory vals = validatorAddresses();
        for (uint256 i = 0; i < domains.length; ++i) {
            uint32 other = domains[i];
            vm.startPrank(admin);
            mailbox.enrollRemoteMailbox(other, Message.toBytes32(address(mailboxes[other])));
            ism.setValidators(other, vals, THRESHOLD);
            vm.stopPrank();
            vm.startPrank(admin);
            mailboxes[other].enrollRemoteMailbox(domain, Message.toBytes32(address(mailbox)));
            isms[other].setValidators(domain, vals, THRESHOLD);
            vm.stopPrank();
        }
        domains.push(domain);
    }

    /// @dev Pulls Dispatched events recorded since the last call into `sentMessages`.
    function _syncLogs() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = Mailbox.Dispatched.selector;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics.length == 0 || logs[i].topics[0] != topic) continue;
            (uint32 index,, bytes memory message) = abi.decode(logs[i].data, (uint32, bytes32, bytes));
            Message.Header memory h;
            (h,) = Message.decode(message);
            if (address(mailboxes[h.origin]) != logs[i].emitter) continue;
            require(sentMessages[h.origin].length == index, "harness: Dispatched log out of order");
            sentMessages[h.origin].push(message);
        }
    }

    /// @dev EIP-191 signatures of `cp` by `keys`, concatenated in the given order.
    function _sign(Checkpoint memory cp, uint256[] memory keys) internal pure returns (bytes memory sigs) {
        bytes32 hash =
            CheckpointLib.signedHash(CheckpointLib.digest(cp.origin, cp.originMailbox, cp.root, cp.index));
        for (uint256 i = 0; i < keys.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], hash);
            sigs = abi.encodePacked(sigs, r, s, v);
        }
    }

    /// @dev A quorum (the first THRESHOLD sorted validators) signing `cp`.
    function _quorumSign(Checkpoint memory cp) internal view returns (bytes memory) {
        uint256[] memory keys = new uint256[](THRESHOLD);
        for (uint256 i = 0; i < THRESHOLD; ++i) {
            keys[i] = validatorKeys[i];
        }
        return _sign(cp, keys);
    }

    /// @dev Checkpoint of `origin`'s mailbox at its latest index.
    function _latestCheckpoint(uint32 origin) internal view returns (Checkpoint memory cp) {
        Mailbox m = mailboxes[origin];
        (bytes32 r, uint32 index) = m.latestCheckpoint();
        cp = Checkpoint({origin: origin, originMailbox: Message.toBytes32(address(m)), root: r, index: index});
    }

    /// @dev Messages from `origin` to `destination` not yet delivered and not failed, with their nonces.
    function _pending(uint32 origin, uint32 destination)
        internal
        view
        returns (bytes[] memory batch, uint256[] memory nonces)
    {
        bytes[] storage all = sentMessages[origin];
        Mailbox dest = mailboxes[destination];
        batch = new bytes[](all.length);
        nonces = new uint256[](all.length);
        uint256 k = 0;
        for (uint256 i = 0; i < all.length; ++i) {
            (Message.Header memory h,) = Message.decode(all[i]);
            if (h.destination != destination) continue;
            if (dest.delivered(origin, h.nonce) || dest.failed(keccak256(all[i]))) continue;
            batch[k] = all[i];
            nonces[k] = i;
            ++k;
        }
        assembly ("memory-safe") {
            mstore(batch, k)
            mstore(nonces, k)
        }
    }

    /// @dev Multiproof of the given nonces against the origin's full message list.
    function _proof(uint32 origin, uint256[] memory nonces) internal view returns (bytes32[] memory) {
        return MerkleHelper.multiproof(MerkleHelper.leafHashes(sentMessages[origin]), nonces);
    }

    /// @dev Relays every pending message from `origin` to `destination` in one batch; returns the batch size.
    function _relay(uint32 origin, uint32 destination) internal returns (uint256) {
        _syncLogs();
        (bytes[] memory batch, uint256[] memory nonces) = _pending(origin, destination);
        if (batch.length == 0) return 0;
        Checkpoint memory cp = _latestCheckpoint(origin);
        require(
            cp.root == MerkleHelper.naiveRoot(MerkleHelper.leafHashes(sentMessages[origin])),
            "harness: mailbox root differs from naive root"
        );
        mailboxes[destination].processBatch(cp, _quorumSign(cp), batch, _proof(origin, nonces));
        _syncLogs();
        return batch.length;
    }

    /// @dev Relays until no chain has pending messages (responses may create new messages).
    function _relayAll() internal {
        for (uint256 round = 0; round < 8; ++round) {
            uint256 moved = 0;
            for (uint256 i = 0; i < domains.length; ++i) {
                for (uint256 j = 0; j < domains.length; ++j) {
                    if (i != j) moved += _relay(domains[i], domains[j]);
                }
            }
            if (moved == 0) return;
        }
        revert("harness: relay did not settle");
    }
}
