using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Queue;

namespace EcsBridge.Watch;

/// <summary>
/// Turns cache events into queue keys (controller-runtime's For/Owns/Watches): an EcsService enqueues itself; a
/// task definition enqueues itself and every service that follows its family; a child (Deployment, DaemonSet,
/// Service, HPA) enqueues its controlling EcsService, so a child deleted or edited by hand is healed; a
/// ControllerRevision enqueues its task definition and the services of that family (a pinned revision appearing); a
/// task's pod enqueues its service when its readiness, phase, restarts or terminations change. An EcsTask enqueues
/// itself, its pods (by their controller reference) enqueue it, and a task definition enqueues the tasks that name
/// its family and have not started yet.
/// Keys from the initial list go in at low priority so a start-up flood never delays a user's change.
/// </summary>
internal static class EventSources
{
    public static void Register(Caches caches, WorkQueue services, WorkQueue taskDefinitions, WorkQueue tasks)
    {
        void Enqueue(WorkQueue queue, bool synced, string key)
        {
            if (synced)
            {
                queue.Add(key);
            }
            else
            {
                queue.AddLowPriority(key);
            }
        }

        caches.Services.AddEventHandler(
            onAdd: s => Enqueue(services, caches.Services.HasSynced, ObjectKey.Of(s)),
            onUpdate: (old, updated) =>
            {
                // Our own status writes come back as updates; only spec, labels, annotations and deletion matter.
                if (old.Metadata.Generation != updated.Metadata.Generation
                    || old.Metadata.DeletionTimestamp != updated.Metadata.DeletionTimestamp
                    || !SameMap(old.Metadata.Annotations, updated.Metadata.Annotations)
                    || !SameMap(old.Metadata.Labels, updated.Metadata.Labels))
                {
                    services.Add(ObjectKey.Of(updated));
                }
            },
            onDelete: s => services.Add(ObjectKey.Of(s)));

        void TaskDefinitionChanged(EcsTaskDefinition td, bool statusMatters)
        {
            var synced = caches.TaskDefinitions.HasSynced;
            Enqueue(taskDefinitions, synced, ObjectKey.Of(td));
            if (statusMatters)
            {
                EnqueueFamily(td.Metadata.Namespace, td.Metadata.Name!, synced);
            }
        }

        void EnqueueFamily(string? ns, string family, bool synced)
        {
            foreach (var service in caches.Services.ByIndex(Caches.ServicesByFamily, Caches.FamilyKey(ns, family)))
            {
                Enqueue(services, synced, ObjectKey.Of(service));
            }
            foreach (var task in caches.Tasks.ByIndex(Caches.TasksByFamily, Caches.FamilyKey(ns, family)))
            {
                Enqueue(tasks, synced, ObjectKey.Of(task));
            }
        }

        // A lifecycle hook's task is controlled by the revision's Deployment it gates: its verdict enqueues that
        // Deployment's service.
        void HookTaskChanged(EcsTask task)
        {
            if (LifecycleHookPlanner.GatedDeployment(task) is { } gated && caches.Deployments.Get(task.Metadata.Namespace, gated) is { } deployment)
            {
                ChildChanged(deployment);
            }
        }

        caches.Tasks.AddEventHandler(
            onAdd: t =>
            {
                Enqueue(tasks, caches.Tasks.HasSynced, ObjectKey.Of(t));
                HookTaskChanged(t);
            },
            onUpdate: (old, updated) =>
            {
                // Our own status writes come back as updates; only spec and deletion matter to the task itself.
                if (old.Metadata.Generation != updated.Metadata.Generation || old.Metadata.DeletionTimestamp != updated.Metadata.DeletionTimestamp)
                {
                    tasks.Add(ObjectKey.Of(updated));
                }
                if (!SameConditions(old.Status?.Conditions, updated.Status?.Conditions))
                {
                    HookTaskChanged(updated);
                }
            },
            onDelete: HookTaskChanged);

        caches.TaskDefinitions.AddEventHandler(
            onAdd: td => TaskDefinitionChanged(td, statusMatters: true),
            onUpdate: (old, updated) => TaskDefinitionChanged(updated,
                statusMatters: old.Status?.Revision != updated.Status?.Revision
                    || old.Status?.ObservedGeneration != updated.Status?.ObservedGeneration
                    || old.Metadata.Generation != updated.Metadata.Generation),
            onDelete: td => TaskDefinitionChanged(td, statusMatters: true));

        void ChildChanged(IKubernetesObject child)
        {
            var owner = child.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == GroupVersion.ServiceKind);
            if (owner is not null)
            {
                services.Add(ObjectKey.Of(child.Metadata.Namespace, owner.Name));
            }
        }

        caches.Deployments.AddEventHandler(d => ChildChanged(d), (_, d) => ChildChanged(d), d => ChildChanged(d));
        caches.DaemonSets.AddEventHandler(d => ChildChanged(d), (_, d) => ChildChanged(d), d => ChildChanged(d));
        caches.KubeServices.AddEventHandler(s => ChildChanged(s), (_, s) => ChildChanged(s), s => ChildChanged(s));
        caches.Hpas.AddEventHandler(h => ChildChanged(h), (_, h) => ChildChanged(h), h => ChildChanged(h));

        void RevisionChanged(IKubernetesObject revision)
        {
            var owner = revision.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == GroupVersion.TaskDefinitionKind);
            if (owner is not null)
            {
                taskDefinitions.Add(ObjectKey.Of(revision.Metadata.Namespace, owner.Name));
                EnqueueFamily(revision.Metadata.Namespace, owner.Name, caches.Revisions.HasSynced);
            }
        }

        caches.Revisions.AddEventHandler(r => RevisionChanged(r), null, r => RevisionChanged(r));

        // A task's pod enqueues its service when what the status reads from it changed (readiness, phase, restarts,
        // terminations): the circuit breaker counts failed tasks from pods. Pods belong to a ReplicaSet, not to us,
        // so they are matched by their service label.
        void PodChanged(Pod pod)
        {
            var synced = caches.Pods.HasSynced;
            var task = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == GroupVersion.TaskKind);
            if (task is not null)
            {
                Enqueue(tasks, synced, ObjectKey.Of(pod.Metadata.Namespace, task.Name));
                return;
            }
            foreach (var service in caches.Services.ByIndex(Caches.PodsByService, PodKey(pod)))
            {
                Enqueue(services, synced, ObjectKey.Of(service));
            }
        }

        caches.Pods.AddEventHandler(PodChanged, (old, updated) =>
        {
            // A one-off task reads every container state change (running, exit codes).
            if (PodSummary.Of(old) != PodSummary.Of(updated) || (IsTaskPod(updated) && !SameContainerStates(old, updated)))
            {
                PodChanged(updated);
            }
        }, PodChanged);
    }

    private static bool IsTaskPod(Pod pod) => pod.Metadata.Labels?.ContainsKey(Labels.Task) == true;

    private static bool SameContainerStates(Pod a, Pod b)
    {
        static IEnumerable<string> States(Pod pod) =>
            (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
                .Select(c => $"{c.Name}:{(c.State?.Running is not null ? "R" : c.State?.Terminated is { } t ? "T" + t.ExitCode : "W" + c.State?.Waiting?.Reason)}");
        return States(a).SequenceEqual(States(b)) && a.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True")
            == b.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True");
    }

    private static string PodKey(Pod pod) =>
        pod.Metadata.Labels?.TryGetValue(Labels.Service, out var service) == true ? pod.Metadata.Namespace + "/" + service : "";

    /// <summary>What the service's status reads from a pod, comparable by value.</summary>
    private sealed record PodSummary(string? Phase, bool Ready, bool Deleting, int Restarts, int Terminated)
    {
        public static PodSummary Of(Pod pod)
        {
            var containers = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).ToList();
            return new PodSummary(pod.Status?.Phase,
                pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
                pod.Metadata.DeletionTimestamp is not null,
                containers.Sum(c => c.RestartCount),
                containers.Count(c => c.State?.Terminated is not null));
        }
    }

    /// <summary>Same condition types with the same statuses (a hook's verdict), whatever their order and messages.</summary>
    private static bool SameConditions(IReadOnlyList<Condition>? a, IReadOnlyList<Condition>? b) =>
        (a ?? []).Select(c => c.Type + "=" + c.Status).Order(StringComparer.Ordinal)
            .SequenceEqual((b ?? []).Select(c => c.Type + "=" + c.Status).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static bool SameMap(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return (a?.Count ?? 0) == 0 && (b?.Count ?? 0) == 0;
        }
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }
        return true;
    }
}
