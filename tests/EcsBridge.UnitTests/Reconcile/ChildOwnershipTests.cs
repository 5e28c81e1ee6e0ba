using EcsBridge.Kubernetes.Models;
using EcsBridge.Reconcile.Services;

namespace EcsBridge.UnitTests.Reconcile;

/// <summary>The ownership rule: a controller reference with the EcsService's UID, never the label alone.</summary>
public sealed class ChildOwnershipTests
{
    private const string Uid = "5f0c1d9e-0000-4000-8000-000000000001";
    private const string OtherUid = "5f0c1d9e-0000-4000-8000-000000000002";
    private static readonly Dictionary<string, string> ManagedBy = new() { ["app.kubernetes.io/managed-by"] = "ecsbridge" };

    private static OwnerReference Owner(string kind, string uid, bool? controller, string apiVersion = "ecsbridge.io/v1alpha1", string name = "mine") =>
        new() { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, Controller = controller };

    private static ObjectMeta Meta(IReadOnlyDictionary<string, string>? labels, params OwnerReference[] owners) =>
        new() { Name = "mine", Namespace = "probe", Labels = labels, OwnerReferences = owners.Length == 0 ? null : owners };

    [Fact]
    public void Nothing_there_is_absent() => ChildOwnership.Decide(null, Uid).ShouldBe(Ownership.Absent);

    [Fact]
    public void Our_controller_reference_is_ours() =>
        ChildOwnership.Decide(Meta(ManagedBy, Owner("EcsService", Uid, controller: true)), Uid).ShouldBe(Ownership.Controlled);

    [Fact]
    public void The_managed_by_label_without_our_controller_reference_is_foreign() =>
        ChildOwnership.Decide(Meta(ManagedBy), Uid).ShouldBe(Ownership.Foreign);

    [Fact]
    public void An_unlabelled_object_made_by_hand_is_foreign() =>
        ChildOwnership.Decide(Meta(null), Uid).ShouldBe(Ownership.Foreign);

    [Fact]
    public void Our_uid_as_a_mere_owner_is_not_control() =>
        ChildOwnership.Decide(Meta(ManagedBy, Owner("EcsService", Uid, controller: false)), Uid).ShouldBe(Ownership.Foreign);

    [Fact]
    public void A_deleted_namesakes_controller_reference_is_foreign() =>
        ChildOwnership.Decide(Meta(ManagedBy, Owner("EcsService", OtherUid, controller: true)), Uid).ShouldBe(Ownership.Foreign);

    [Fact]
    public void A_shared_service_account_is_ours_when_some_EcsService_owns_it() =>
        ChildOwnership.DecideShared(Meta(ManagedBy, Owner("EcsService", OtherUid, controller: null))).ShouldBe(Ownership.Controlled);

    [Theory]
    [InlineData(null, "EcsService", "ecsbridge.io/v1alpha1")]
    [InlineData("app.kubernetes.io/managed-by", "Deployment", "apps/v1")]
    [InlineData("app.kubernetes.io/managed-by", "EcsService", "other.example.com/v1")]
    public void A_service_account_without_an_EcsService_owner_is_foreign(string? label, string ownerKind, string ownerApiVersion)
    {
        var labels = label is null ? null : ManagedBy;
        var meta = ownerKind == "EcsService" && ownerApiVersion.StartsWith("ecsbridge.io/", StringComparison.Ordinal)
            ? Meta(labels)
            : Meta(labels, Owner(ownerKind, OtherUid, controller: true, ownerApiVersion));

        ChildOwnership.DecideShared(meta).ShouldBe(Ownership.Foreign);
    }

    [Fact]
    public void The_conflict_message_names_the_object_why_and_what_to_do()
    {
        var labelled = ChildOwnership.ConflictMessage("Service", Meta(ManagedBy), "mine");
        labelled.ShouldStartWith("Service probe/mine exists and is not controlled by EcsService mine");
        labelled.ShouldContain("app.kubernetes.io/managed-by=ecsbridge but no controller reference");
        labelled.ShouldContain("Delete or rename that Service");

        ChildOwnership.ConflictMessage("Deployment", Meta(null, Owner("Rollout", OtherUid, true, "argoproj.io/v1alpha1", "canary")), "mine")
            .ShouldContain("its controller is Rollout canary");
        ChildOwnership.ConflictMessage("Deployment", Meta(ManagedBy, Owner("EcsService", OtherUid, true)), "mine")
            .ShouldContain("garbage collector");
    }
}
