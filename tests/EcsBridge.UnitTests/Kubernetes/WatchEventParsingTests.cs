using System.Net;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Kubernetes;

public sealed class WatchEventParsingTests
{
    [Fact]
    public void An_ERROR_event_with_410_becomes_a_Gone_exception()
    {
        var line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (90)","reason":"Expired","code":410}}""";

        var error = Should.Throw<KubeGoneException>(() => KubeClient.ParseEvent(line, KubeJsonContext.Default.ConfigMap, "watch configmaps"));

        error.Message.ShouldBe("watch configmaps: too old resource version: 5 (90) (410 Expired)");
        error.IsGone.ShouldBeTrue();
    }

    [Fact]
    public void A_bookmark_carries_only_its_resourceVersion()
    {
        var line = """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"12345","creationTimestamp":null}}}""";

        var bookmark = KubeClient.ParseEvent(line, KubeJsonContext.Default.ConfigMap, "watch");

        bookmark.Type.ShouldBe(WatchEventType.Bookmark);
        bookmark.ResourceVersion.ShouldBe("12345");
    }

    [Fact]
    public void A_modified_event_deserializes_the_object_and_drops_managedFields()
    {
        var line = """{"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"n","resourceVersion":"7","managedFields":[{"manager":"x"}]},"data":{"k":"v"}}}""";

        var change = KubeClient.ParseEvent(line, KubeJsonContext.Default.KubeObject, "watch");

        change.Type.ShouldBe(WatchEventType.Modified);
        change.Object.Metadata.Name.ShouldBe("a");
        change.Object.Fields!.ShouldContainKey("data");
        System.Text.Json.JsonSerializer.Serialize(change.Object, KubeJsonContext.Default.KubeObject).ShouldNotContain("managedFields");
    }

    private const string PoisonService = """{"type":"MODIFIED","object":{"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"poison","namespace":"team-a","uid":"u-1","resourceVersion":"42"},"spec":{"taskDefinition":"web","desiredCount":"many"}}}""";

    [Fact]
    public void An_object_the_model_cannot_read_fails_the_event_unless_asked_to_skip()
    {
        Should.Throw<System.Text.Json.JsonException>(() => KubeClient.ParseEvent(PoisonService, EcsBridge.Api.ApiJsonContext.Default.EcsService, "watch"));
    }

    [Fact]
    public void An_object_the_model_cannot_read_is_named_with_its_resourceVersion_when_skipping()
    {
        var change = KubeClient.ParseEvent(PoisonService, EcsBridge.Api.ApiJsonContext.Default.EcsService, "watch", skipUndecodable: true);

        change.Type.ShouldBe(WatchEventType.Modified);
        change.ResourceVersion.ShouldBe("42");
        change.Object.ShouldBeNull();
        var bad = change.Undecodable.ShouldNotBeNull();
        (bad.Namespace, bad.Name, bad.Uid, bad.ResourceVersion, bad.Key).ShouldBe(("team-a", "poison", "u-1", "42", "team-a/poison"));
        bad.Error.ShouldContain("many");
    }

    [Fact]
    public void A_readable_object_is_decoded_as_before_when_skipping()
    {
        var line = PoisonService.Replace("\"many\"", "3", StringComparison.Ordinal);

        var change = KubeClient.ParseEvent(line, EcsBridge.Api.ApiJsonContext.Default.EcsService, "watch", skipUndecodable: true);

        change.Undecodable.ShouldBeNull();
        change.Object.Spec.DesiredCount.ShouldBe(3);
    }

    [Fact]
    public void An_undecodable_object_without_metadata_has_an_empty_key()
    {
        var line = """{"type":"ADDED","object":{"metadata":7,"spec":{"taskDefinition":"web"}}}""";

        var change = KubeClient.ParseEvent(line, EcsBridge.Api.ApiJsonContext.Default.EcsService, "watch", skipUndecodable: true);

        change.Undecodable.ShouldNotBeNull().Key.ShouldBe("");
    }

    [Theory]
    [InlineData(404, null, typeof(KubeNotFoundException))]
    [InlineData(409, "AlreadyExists", typeof(KubeAlreadyExistsException))]
    [InlineData(409, "Conflict", typeof(KubeConflictException))]
    [InlineData(422, "Invalid", typeof(KubeInvalidException))]
    [InlineData(403, "Forbidden", typeof(KubeForbiddenException))]
    [InlineData(401, "Unauthorized", typeof(KubeUnauthorizedException))]
    [InlineData(410, "Gone", typeof(KubeGoneException))]
    [InlineData(429, "TooManyRequests", typeof(KubeTooManyRequestsException))]
    [InlineData(503, "ServiceUnavailable", typeof(KubeServerErrorException))]
    [InlineData(400, "BadRequest", typeof(KubeBadRequestException))]
    public void Status_codes_and_reasons_map_to_exception_types(int code, string? reason, Type expected)
    {
        var error = KubeApiException.Create((HttpStatusCode)code, new EcsBridge.Kubernetes.Models.Status { Code = code, Reason = reason, Message = "m" }, "op");

        error.GetType().ShouldBe(expected);
    }

    [Fact]
    public void Times_are_written_as_RFC3339_in_UTC_with_whole_seconds()
    {
        var condition = new Condition { Type = "Ready", Status = "True", Reason = "R", LastTransitionTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddMilliseconds(250) };

        System.Text.Json.JsonSerializer.Serialize(condition, KubeJsonContext.Default.Condition)
            .ShouldBe("""{"type":"Ready","status":"True","lastTransitionTime":"2024-05-01T10:00:00Z","reason":"R"}""");
    }
}
