// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title PriceFeed
/// @notice Oracle prices signed off-chain by one signer key and relayed by anyone. A price is an 18-decimal
/// fixed-point amount of USD per whole unit of the market's base asset, at most 2^128 - 1.
/// Signed message: EIP-191 over keccak256("INTEROP_PRICE" ‖ market b32 ‖ price u256 ‖ timestamp u64) (packed).
/// The digest is chain-independent on purpose: one signed price can be relayed to every chain's feed.
contract PriceFeed is Ownable {
    /// @notice How far in the future (seconds) a signed timestamp may be, for clock skew.
    uint64 public constant MAX_FUTURE_DRIFT = 60;

    struct PricePoint {
        uint128 price;
        uint64 timestamp;
    }

    /// @notice The oracle key whose signatures are accepted.
    address public signer;
    /// @notice Age (seconds) after which a price is stale and `getPrice` reverts.
    uint64 public maxAge;
    /// @notice Latest price per market.
    mapping(bytes32 market => PricePoint) public latest;

    event PriceUpdated(bytes32 indexed market, uint256 price, uint64 timestamp);
    event SignerSet(address indexed signer);
    event MaxAgeSet(uint64 maxAge);

    error InvalidPriceSignature(address recovered);
    error InvalidPrice(uint256 price);
    error TimestampNotNewer(uint64 timestamp, uint64 latest);
    error TimestampInFuture(uint64 timestamp);
    error PriceUnavailable(bytes32 market);
    error PriceStale(bytes32 market, uint64 timestamp, uint64 maxAge);

    /// @param signer_ Oracle signer address.
    /// @param maxAge_ Staleness bound in seconds.
    /// @param initialOwner Owner (signer rotation, staleness bound).
    constructor(address signer_, uint64 maxAge_, address initialOwner) Ownable(initialOwner) {
        signer = signer_;
        maxAge = maxAge_;
    }

    /// @notice The 32-byte digest the oracle signs (EIP-191) for a price.
    function priceDigest(bytes32 market, uint256 price, uint64 timestamp) public pure returns (bytes32) {
        return keccak256(abi.encodePacked("INTEROP_PRICE", market, price, timestamp));
    }

    /// @notice Stores a signed price; it must be newer than the stored one (anyone may relay it).
    /// @param signature 65-byte r‖s‖v by `signer`.
    function updatePrice(bytes32 market, uint256 price, uint64 timestamp, bytes calldata signature) external {
        if (price == 0 || price > type(uint128).max) revert InvalidPrice(price);
        if (timestamp > block.timestamp + MAX_FUTURE_DRIFT) revert TimestampInFuture(timestamp);
        PricePoint memory current = latest[market];
        if (timestamp <= current.timestamp) revert TimestampNotNewer(timestamp, current.timestamp);
        address recovered =
            ECDSA.recover(MessageHashUtils.toEthSignedMessageHash(priceDigest(market, price, timestamp)), signature);
        if (recovered != signer) revert InvalidPriceSignature(recovered);
        latest[market] = PricePoint({price: uint128(price), timestamp: timestamp});
        emit PriceUpdated(market, price, timestamp);
    }

    /// @notice The latest fresh price of `market`; reverts when missing or older than `maxAge`.
    function getPrice(bytes32 market) external view returns (uint256 price, uint64 timestamp) {
        PricePoint memory p = latest[market];
        if (p.timestamp == 0) revert PriceUnavailable(market);
        if (block.timestamp > uint256(p.timestamp) + maxAge) revert PriceStale(market, p.timestamp, maxAge);
        return (p.price, p.timestamp);
    }

    /// @notice Like getPrice but returns ok = false instead of reverting.
    function tryGetPrice(bytes32 market) external view returns (bool ok, uint256 price) {
        PricePoint memory p = latest[market];
        if (p.timestamp == 0 || block.timestamp > uint256(p.timestamp) + maxAge) return (false, 0);
        return (true, p.price);
    }

    /// @notice Rotates the oracle signer.
    function setSigner(address signer_) external onlyOwner {
        signer = signer_;
        emit SignerSet(signer_);
    }

    /// @notice Sets the staleness bound.
    function setMaxAge(uint64 maxAge_) external onlyOwner {
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }
}
