using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

public class ContractAbiTests
{
    // solc 0.8 output for:
    //   struct Header { uint64 nonce; uint32 sourceChain; address sender; bytes32 root; }
    //   struct Leg { address token; uint256[] amounts; }
    //   event BatchProcessed(uint64 indexed nonce, bytes32 indexed root, uint256 count);
    //   event Routed(Leg[] legs, string indexed tag) anonymous;
    //   error InsufficientBalance(uint256 available, uint256 required);  error BadProof(Header header, uint8 index);
    //   constructor(address owner, uint32 chainId) payable;
    //   function processBatch(Header calldata, bytes[] calldata, bytes32[] calldata) external returns (bool ok, uint256 processed);
    //   function route(Leg[2][] memory legs) external view returns (Leg memory first);
    //   function quote(uint256) pure returns (uint256);  function quote(uint256, address) pure returns (uint256);
    //   fallback() external;  receive() external payable;
    private const string BridgeAbiJson = """
        [{"inputs":[{"internalType":"address","name":"owner","type":"address"},{"internalType":"uint32","name":"chainId","type":"uint32"}],"stateMutability":"payable","type":"constructor"},{"inputs":[{"components":[{"internalType":"uint64","name":"nonce","type":"uint64"},{"internalType":"uint32","name":"sourceChain","type":"uint32"},{"internalType":"address","name":"sender","type":"address"},{"internalType":"bytes32","name":"root","type":"bytes32"}],"internalType":"struct Bridge.Header","name":"header","type":"tuple"},{"internalType":"uint8","name":"index","type":"uint8"}],"name":"BadProof","type":"error"},{"inputs":[{"internalType":"uint256","name":"available","type":"uint256"},{"internalType":"uint256","name":"required","type":"uint256"}],"name":"InsufficientBalance","type":"error"},{"anonymous":false,"inputs":[{"indexed":true,"internalType":"uint64","name":"nonce","type":"uint64"},{"indexed":true,"internalType":"bytes32","name":"root","type":"bytes32"},{"indexed":false,"internalType":"uint256","name":"count","type":"uint256"}],"name":"BatchProcessed","type":"event"},{"anonymous":true,"inputs":[{"components":[{"internalType":"address","name":"token","type":"address"},{"internalType":"uint256[]","name":"amounts","type":"uint256[]"}],"indexed":false,"internalType":"struct Bridge.Leg[]","name":"legs","type":"tuple[]"},{"indexed":true,"internalType":"string","name":"tag","type":"string"}],"name":"Routed","type":"event"},{"stateMutability":"nonpayable","type":"fallback"},{"inputs":[{"components":[{"internalType":"uint64","name":"nonce","type":"uint64"},{"internalType":"uint32","name":"sourceChain","type":"uint32"},{"internalType":"address","name":"sender","type":"address"},{"internalType":"bytes32","name":"root","type":"bytes32"}],"internalType":"struct Bridge.Header","name":"header","type":"tuple"},{"internalType":"bytes[]","name":"messages","type":"bytes[]"},{"internalType":"bytes32[]","name":"proof","type":"bytes32[]"}],"name":"processBatch","outputs":[{"internalType":"bool","name":"ok","type":"bool"},{"internalType":"uint256","name":"processed","type":"uint256"}],"stateMutability":"nonpayable","type":"function"},{"inputs":[{"internalType":"uint256","name":"amount","type":"uint256"},{"internalType":"address","name":"token","type":"address"}],"name":"quote","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"pure","type":"function"},{"inputs":[{"internalType":"uint256","name":"amount","type":"uint256"}],"name":"quote","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"pure","type":"function"},{"inputs":[{"components":[{"internalType":"address","name":"token","type":"address"},{"internalType":"uint256[]","name":"amounts","type":"uint256[]"}],"internalType":"struct Bridge.Leg[2][]","name":"legs","type":"tuple[2][]"}],"name":"route","outputs":[{"components":[{"internalType":"address","name":"token","type":"address"},{"internalType":"uint256[]","name":"amounts","type":"uint256[]"}],"internalType":"struct Bridge.Leg","name":"first","type":"tuple"}],"stateMutability":"view","type":"function"},{"stateMutability":"payable","type":"receive"}]
        """;

    private static readonly ContractAbi Bridge = ContractAbi.FromJson(BridgeAbiJson);

    [Theory]
    [InlineData("processBatch", "processBatch((uint64,uint32,address,bytes32),bytes[],bytes32[])", "0xf7eb8a40")]
    [InlineData("route", "route((address,uint256[])[2][])", "0x25683f6d")]
    [InlineData("quote(uint256)", "quote(uint256)", "0xed1bd76c")]
    [InlineData("quote(uint, address)", "quote(uint256,address)", "0x13b0be33")]
    public void FromJson_reads_functions_with_solc_selectors(string lookup, string signature, string selector)
    {
        var function = Bridge.GetFunction(lookup);
        Assert.Equal(signature, function.Signature);
        Assert.Equal(selector, function.Selector.ToString());
        Assert.True(Bridge.TryGetFunction(Selector.Parse(selector), out var bySelector));
        Assert.Same(function, bySelector);
    }

    [Fact]
    public void FromJson_reads_everything_else_in_the_abi()
    {
        Assert.Equal(4, Bridge.Functions.Count);
        Assert.Equal(["BatchProcessed", "Routed"], Bridge.Events.Select(e => e.Name));
        Assert.True(Bridge.GetEvent("Routed").Anonymous);
        Assert.Equal(["header", "index"], Bridge.GetError("BadProof").Inputs.Select(p => p.Name));
        Assert.Equal(StateMutability.Payable, Bridge.Constructor!.StateMutability);
        Assert.Equal(StateMutability.View, Bridge.GetFunction("route").StateMutability);
        Assert.True(Bridge.HasFallback);
        Assert.True(Bridge.HasReceive);
        var header = Assert.IsType<AbiTupleType>(Bridge.GetFunction("processBatch").Inputs[0].Type);
        Assert.Equal(["nonce", "sourceChain", "sender", "root"], header.ComponentNames);
        Assert.Equal(["ok", "processed"], Bridge.GetFunction("processBatch").Outputs.Select(p => p.Name));
    }

    [Fact]
    public void GetFunction_explains_overloads_and_missing_names()
    {
        var overloaded = Assert.Throws<KeyNotFoundException>(() => Bridge.GetFunction("quote")).Message;
        Assert.Contains("function 'quote' is overloaded; ask for one of: ", overloaded, StringComparison.Ordinal);
        Assert.Contains("quote(uint256)", overloaded, StringComparison.Ordinal);
        Assert.Contains("quote(uint256,address)", overloaded, StringComparison.Ordinal);
        Assert.Contains("no function 'withdraw'", Assert.Throws<KeyNotFoundException>(() => Bridge.GetFunction("withdraw")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeCall_finds_the_function_by_selector_and_names_the_arguments()
    {
        var sender = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var calldata = Bridge.GetFunction("processBatch").EncodeCall(
            new object[] { 9UL, 1u, sender, new byte[32] }, new[] { new byte[] { 1 } }, new[] { new byte[32] });

        var call = Bridge.DecodeCall(calldata, AbiDecodingMode.Strict)!;

        Assert.Equal("processBatch", call.Function.Name);
        var header = call.Arguments.Get<object[]>("header");
        Assert.Equal(new BigInteger(9), header[0]);
        Assert.Equal(sender, header[2]);
        Assert.Null(Bridge.DecodeCall(Hex.Decode("0x12345678")));
    }

    [Fact]
    public void DecodeLog_picks_the_event_by_topic0_and_ignores_unknown_logs()
    {
        var e = Bridge.GetEvent("BatchProcessed");
        var (topics, data) = e.EncodeLog(7, new byte[32], 3);

        var decoded = Bridge.DecodeLog(topics, data)!;

        Assert.Same(e, decoded.Event);
        Assert.Equal(3, decoded.Values.Get<int>("count"));
        Assert.StartsWith("BatchProcessed(nonce: 7, root: 0x0000", decoded.ToString(), StringComparison.Ordinal);
        Assert.Null(Bridge.DecodeLog([new byte[32]], data));
    }

    [Fact]
    public void DecodeRevert_reads_a_custom_error_with_a_struct_argument()
    {
        var error = Bridge.GetError("BadProof");
        var data = error.Encode(new object[] { 1, 2, Address.Zero, new byte[32] }, 4);

        var reason = Assert.IsType<RevertReason.Custom>(Bridge.DecodeRevert(data));

        Assert.Equal(4, reason.Arguments.Get<int>("index"));
        Assert.StartsWith("reverted with BadProof(header: (1, 2, 0x0000000000000000000000000000000000000000, 0x00", reason.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_encodes_deployment_data_after_the_bytecode()
    {
        var bytecode = new byte[] { 0x60, 0x80 };
        var data = Bridge.Constructor!.EncodeDeployment(bytecode, Address.Zero, 5);
        Assert.Equal(2 + 64, data.Length);
        Assert.Equal(5, Bridge.Constructor.DecodeArguments(data, 2).Get<int>("chainId"));
    }

    [Fact]
    public void FromSignatures_builds_the_same_function_as_the_json()
    {
        var abi = ContractAbi.FromSignatures(
            "function processBatch((uint64 nonce, uint32 sourceChain, address sender, bytes32 root) header, bytes[] messages, bytes32[] proof) returns (bool ok, uint256 processed)",
            "event BatchProcessed(uint64 indexed nonce, bytes32 indexed root, uint256 count)",
            "error InsufficientBalance(uint256 available, uint256 required)",
            "constructor(address owner, uint32 chainId) payable");
        Assert.Equal(Bridge.GetFunction("processBatch").Selector, abi.GetFunction("processBatch").Selector);
        Assert.Equal(Bridge.GetEvent("BatchProcessed").Topic0.ToArray(), abi.GetEvent("BatchProcessed").Topic0.ToArray());
        Assert.Equal(Bridge.GetError("InsufficientBalance").Selector, abi.GetError("InsufficientBalance").Selector);
        Assert.Equal(2, abi.Constructor!.Inputs.Count);
    }

    [Fact]
    public void FromJson_accepts_an_artifact_and_the_legacy_defaults()
    {
        var abi = ContractAbi.FromJson("""{"abi":[{"name":"f","inputs":[{"name":"x","type":"tuple[2][]","components":[{"name":"a","type":"uint8"}]}],"constant":true}]}""");
        var f = abi.GetFunction("f");
        Assert.Equal("f((uint8)[2][])", f.Signature);
        Assert.Equal(StateMutability.View, f.StateMutability);
    }

    [Theory]
    [InlineData("""{"x":1}""", "must be an array")]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"x","type":"uint7"}]}]""", "ABI entry 0 (function f): inputs[0]: invalid ABI type 'uint7'")]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"x","type":"tuple"}]}]""", "needs a \"components\" array")]
    [InlineData("""[{"type":"event","inputs":[]}]""", "missing \"name\"")]
    [InlineData("""[{"type":"modifier","name":"m"}]""", "unknown entry type 'modifier'")]
    [InlineData("""[{"type":"function","name":"f","inputs":[{"name":"x"}]}]""", "has no \"type\"")]
    [InlineData("not json", "not valid JSON")]
    public void FromJson_rejects_malformed_abis_naming_the_entry(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => ContractAbi.FromJson(json)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("transfer(address,uint256", "expected ')' but the text ends")]
    [InlineData("transfer(address to to2)", "unexpected 'to2' after parameter name 'to'")]
    [InlineData("event E(uint8 indexed x)", "expected a function but found 'event'")]
    [InlineData("(uint256)", "expected a name")]
    [InlineData("f(uint256) anonymous", "unexpected 'anonymous'")]
    public void Parse_rejects_malformed_signatures(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => AbiFunction.Parse(text)).Message, StringComparison.Ordinal);
}
