using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Router.Quoting;

namespace Interop.Router.Http;

/// <summary>
/// Source-generated JSON for the hot wire types (the quote response, a posted-back route, the transfer answer), with
/// the same settings as <see cref="RouterApi.Json"/> (web defaults: camelCase, case-insensitive reading, nothing
/// ignored but what an attribute says). Other endpoints' shapes fall back to reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(QuoteResponse))]
[JsonSerializable(typeof(QuoteRoute))]
[JsonSerializable(typeof(TransferResponse))]
internal sealed partial class RouterJsonContext : JsonSerializerContext;
