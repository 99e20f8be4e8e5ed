using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Transport;

namespace Interop.Ethereum.Rpc.Tests.Transport;

/// <summary>Response handling against canned HTTP answers (no network): ids, statuses, bodies.</summary>
public sealed class HttpRpcTransportTests
{
    private static readonly Uri Endpoint = new("http://node.test/rpc?key=SECRET");

    [Fact]
    public async Task SendBatch_matches_responses_by_id_when_the_node_answers_out_of_order()
    {
        using var transport = Create(requests => Reply(new JsonArray(requests.AsArray().Reverse()
            .Select(r => (JsonNode)new JsonObject { ["jsonrpc"] = "2.0", ["id"] = r!["id"]!.GetValue<long>(), ["result"] = r["method"]!.GetValue<string>() })
            .ToArray())));
        RpcRequest[] batch = [Request("a"), Request("b"), Request("c")];

        var results = await transport.SendBatchAsync(batch);

        Assert.Equal(["a", "b", "c"], results.Select(r => r.Value.Result.GetString()));
    }

    [Fact]
    public async Task SendBatch_fails_only_the_item_the_node_did_not_answer()
    {
        using var transport = Create(requests => Reply(new JsonArray(requests.AsArray().Take(1)
            .Select(r => (JsonNode)new JsonObject { ["jsonrpc"] = "2.0", ["id"] = r!["id"]!.GetValue<long>(), ["result"] = "0x1" })
            .ToArray())));

        var results = await transport.SendBatchAsync([Request("a"), Request("b")]);

        Assert.True(results[0].IsSuccess);
        var missing = Assert.IsType<RpcTransportException>(results[1].Error);
        Assert.Equal(RpcTransportFailure.InvalidResponse, missing.Failure);
        Assert.Equal("b", missing.Method);
    }

    [Fact]
    public async Task SendBatch_throws_the_error_when_the_node_rejects_the_whole_batch()
    {
        using var transport = Create(_ => Reply(JsonNode.Parse("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}""")!));

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => transport.SendBatchAsync([Request("a"), Request("b")]));

        Assert.Equal(-32600, error.Code);
        Assert.StartsWith("batch[", error.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_throws_InvalidResponse_when_the_answer_carries_another_id()
    {
        using var transport = Create(_ => Reply(JsonNode.Parse("""{"jsonrpc":"2.0","id":999,"result":"0x1"}""")!));

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => transport.SendAsync(Request("eth_chainId")));

        Assert.Equal(RpcTransportFailure.InvalidResponse, error.Failure);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Send_throws_HttpError_when_the_status_says_overload_or_outage_even_with_a_json_body(HttpStatusCode status)
    {
        using var transport = Create(_ => Reply(JsonNode.Parse("""{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"x"}}""")!, status));

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => transport.SendAsync(Request("eth_chainId")));

        Assert.Equal(RpcTransportFailure.HttpError, error.Failure);
        Assert.Equal((int)status, error.HttpStatus);
    }

    [Fact]
    public async Task Send_throws_the_JsonRpc_error_when_a_4xx_status_carries_one()
    {
        using var transport = Create(request => Reply(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = request["id"]!.GetValue<long>(), ["error"] = new JsonObject { ["code"] = -32602, ["message"] = "invalid params" },
        }, HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => transport.SendAsync(Request("eth_getBalance")));

        Assert.Equal(-32602, error.Code);
    }

    [Fact]
    public async Task Send_throws_InvalidResponse_when_the_body_is_not_json()
    {
        using var transport = Create(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>gateway</html>") });

        var error = await Assert.ThrowsAsync<RpcTransportException>(() => transport.SendAsync(Request("eth_chainId")));

        Assert.Equal(RpcTransportFailure.InvalidResponse, error.Failure);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_writes_a_json_rpc_2_request_with_the_params_as_given()
    {
        JsonNode? seen = null;
        using var transport = Create(request =>
        {
            seen = request;
            return Reply(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.GetValue<long>(), ["result"] = null });
        });

        var response = await transport.SendAsync(new RpcRequest("eth_getBalance", """["0xabc","latest"]"""u8.ToArray()));

        Assert.Equal(JsonValueKind.Null, response.Result.ValueKind);
        Assert.Equal("2.0", seen!["jsonrpc"]!.GetValue<string>());
        Assert.Equal("eth_getBalance", seen["method"]!.GetValue<string>());
        Assert.Equal("""["0xabc","latest"]""", seen["params"]!.ToJsonString());
        Assert.Equal("http://node.test/rpc", response.Endpoint.Replace("?***", "", StringComparison.Ordinal));
    }

    private static RpcRequest Request(string method) => new(method, "[]"u8.ToArray());

    private static HttpRpcTransport Create(Func<JsonNode, HttpResponseMessage> answer) =>
        new(Endpoint, new HttpClient(new StubHandler(answer)), TimeSpan.FromSeconds(5), ownsHttpClient: true);

    private static HttpResponseMessage Reply(JsonNode body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };

    private sealed class StubHandler(Func<JsonNode, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            return answer(body);
        }
    }
}
