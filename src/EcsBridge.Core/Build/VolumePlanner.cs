using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Ecs;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>Task volumes, mount points, volumesFrom, /dev/shm and tmpfs → pod volumes and mounts.</summary>
internal static class VolumePlanner
{
    private const string MemoryMedium = "Memory";

    public static VolumePlan Plan(EcsTaskDefinitionSpec spec, IReadOnlyList<PlannedContainer> containers, BuildNotes notes)
    {
        var volumes = new List<Volume>();
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var nameByEcsVolume = new Dictionary<string, string>(StringComparer.Ordinal);

        var taskVolumes = spec.Volumes ?? [];
        for (var i = 0; i < taskVolumes.Count; i++)
        {
            var volume = taskVolumes[i];
            var name = UniqueName(Names.Dns1123Label(volume.Name), usedNames);
            if (!nameByEcsVolume.TryAdd(volume.Name, name))
            {
                notes.TaskDefinition($"volumes[{i}]", NoteReasons.Invalid, $"volume \"{volume.Name}\" is declared twice; the first declaration is used");
                usedNames.Remove(name);
                continue;
            }

            volumes.Add(TaskVolume(volume, name, $"volumes[{i}]", notes));
        }

        var declaredMounts = containers.ToDictionary(c => c.Definition.Name, c => c, StringComparer.Ordinal);
        var mounts = new Dictionary<int, IReadOnlyList<VolumeMount>?>();
        foreach (var container in containers.OrderBy(c => c.Index))
        {
            var list = new List<VolumeMount>();
            AddMountPoints(container.Definition.MountPoints, forceReadOnly: false, nameByEcsVolume, list, notes, container.Path + ".mountPoints");
            AddVolumesFrom(container, declaredMounts, nameByEcsVolume, list, notes);
            AddLinuxMounts(container, volumes, usedNames, list, notes);
            mounts[container.Index] = Canonical.List(list);
        }

        return new VolumePlan(Canonical.List(volumes), mounts);
    }

    private static Volume TaskVolume(TaskVolume volume, string name, string field, BuildNotes notes)
    {
        if (volume.EfsVolumeConfiguration is { } efs)
        {
            notes.TaskDefinition(field + ".efsVolumeConfiguration", NoteReasons.Convention,
                $"mounted from PersistentVolumeClaim \"{ClaimName(volume)}\", which must exist (the cluster's storage class decides); file system {efs.FileSystemId} is not used");
            return Claim(volume, name);
        }

        if (volume.S3filesVolumeConfiguration is { } s3files)
        {
            notes.TaskDefinition(field + ".s3filesVolumeConfiguration", NoteReasons.Convention,
                $"mounted from PersistentVolumeClaim \"{ClaimName(volume)}\", which must exist (the cluster's storage class decides); S3 Files file system {s3files.FileSystemArn} is not used");
            return Claim(volume, name);
        }

        if (volume.FsxWindowsFileServerVolumeConfiguration is not null)
        {
            notes.TaskDefinition(field + ".fsxWindowsFileServerVolumeConfiguration", NoteReasons.Convention,
                $"mounted from PersistentVolumeClaim \"{ClaimName(volume)}\", which must exist; the FSx ids are not used");
            return Claim(volume, name);
        }

        if (volume.DockerVolumeConfiguration is { } docker)
        {
            if (docker.Driver is not (null or "local") || docker.DriverOpts is { Count: > 0 } || docker.Labels is { Count: > 0 })
            {
                notes.TaskDefinition(field + ".dockerVolumeConfiguration", NoteReasons.NotSupported, "driver, driverOpts and labels have no Kubernetes equivalent");
            }

            if (string.Equals(docker.Scope, "shared", StringComparison.OrdinalIgnoreCase))
            {
                notes.TaskDefinition(field + ".dockerVolumeConfiguration.scope", NoteReasons.Convention,
                    $"a shared Docker volume is mounted from PersistentVolumeClaim \"{ClaimName(volume)}\", which must exist");
                return Claim(volume, name);
            }

            return new Volume { Name = name, EmptyDir = new EmptyDirVolumeSource() };
        }

        if (volume.ConfiguredAtLaunch == true)
        {
            notes.TaskDefinition(field + ".configuredAtLaunch", NoteReasons.Approximated, "a volume supplied at launch becomes an emptyDir");
            return new Volume { Name = name, EmptyDir = new EmptyDirVolumeSource() };
        }

        if (!string.IsNullOrEmpty(volume.Host?.SourcePath))
        {
            return new Volume { Name = name, HostPath = new HostPathVolumeSource { Path = volume.Host.SourcePath } };
        }

        return new Volume { Name = name, EmptyDir = new EmptyDirVolumeSource() };
    }

    /// <summary>Claims are named after the ECS volume, so the same volume maps to the same claim in every revision.</summary>
    private static string ClaimName(TaskVolume volume) => Names.Dns1123Subdomain(volume.Name);

    private static Volume Claim(TaskVolume volume, string name) =>
        new() { Name = name, PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(volume) } };

    private static void AddMountPoints(
        IReadOnlyList<MountPoint>? mountPoints, bool forceReadOnly,
        Dictionary<string, string> nameByEcsVolume, List<VolumeMount> mounts, BuildNotes notes, string field)
    {
        var points = mountPoints ?? [];
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (point.SourceVolume is null || !nameByEcsVolume.TryGetValue(point.SourceVolume, out var volumeName))
            {
                notes.TaskDefinition($"{field}[{i}]", NoteReasons.Invalid, $"sourceVolume \"{point.SourceVolume}\" is not a task volume; the mount is skipped");
                continue;
            }

            if (string.IsNullOrEmpty(point.ContainerPath))
            {
                notes.TaskDefinition($"{field}[{i}]", NoteReasons.Invalid, "the mount point has no containerPath; skipped");
                continue;
            }

            AddMount(mounts, volumeName, point.ContainerPath, forceReadOnly || point.ReadOnly == true);
        }
    }

    /// <summary>volumesFrom copies the mount points of another container (and what it copies in turn).</summary>
    private static void AddVolumesFrom(
        PlannedContainer container, Dictionary<string, PlannedContainer> byEcsName,
        Dictionary<string, string> nameByEcsVolume, List<VolumeMount> mounts, BuildNotes notes)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { container.Definition.Name };
        var pending = new Queue<(string Source, bool ReadOnly, string Field)>();
        var sources = container.Definition.VolumesFrom ?? [];
        for (var i = 0; i < sources.Count; i++)
        {
            pending.Enqueue((sources[i].SourceContainer ?? string.Empty, sources[i].ReadOnly == true, $"{container.Path}.volumesFrom[{i}]"));
        }

        var sink = new BuildNotes();
        while (pending.TryDequeue(out var item))
        {
            if (!visited.Add(item.Source))
            {
                continue;
            }

            if (!byEcsName.TryGetValue(item.Source, out var source))
            {
                notes.TaskDefinition(item.Field, NoteReasons.Invalid, $"sourceContainer \"{item.Source}\" is not a container of the task; skipped");
                continue;
            }

            // The source's own bad mount points are reported once, under the source container.
            AddMountPoints(source.Definition.MountPoints, item.ReadOnly, nameByEcsVolume, mounts, sink, source.Path + ".mountPoints");
            foreach (var next in source.Definition.VolumesFrom ?? [])
            {
                pending.Enqueue((next.SourceContainer ?? string.Empty, item.ReadOnly || next.ReadOnly == true, item.Field));
            }
        }
    }

    private static void AddLinuxMounts(
        PlannedContainer container, List<Volume> volumes, HashSet<string> usedNames, List<VolumeMount> mounts, BuildNotes notes)
    {
        var linux = container.Definition.LinuxParameters;
        if (linux is null)
        {
            return;
        }

        var field = container.Path + ".linuxParameters";
        if (linux.SharedMemorySize is > 0)
        {
            var name = UniqueName(Names.Dns1123Label(container.Name + "-shm"), usedNames);
            volumes.Add(new Volume { Name = name, EmptyDir = new EmptyDirVolumeSource { Medium = MemoryMedium, SizeLimit = Units.MebibytesQuantity(linux.SharedMemorySize.Value) } });
            AddMount(mounts, name, "/dev/shm", readOnly: false);
        }

        var tmpfs = linux.Tmpfs ?? [];
        for (var i = 0; i < tmpfs.Count; i++)
        {
            var entry = tmpfs[i];
            var name = UniqueName(Names.Dns1123Label(container.Name + "-tmpfs-" + i.ToString(CultureInfo.InvariantCulture)), usedNames);
            volumes.Add(new Volume
            {
                Name = name,
                EmptyDir = new EmptyDirVolumeSource { Medium = MemoryMedium, SizeLimit = entry.Size is > 0 ? Units.MebibytesQuantity(entry.Size.Value) : null },
            });
            var options = entry.MountOptions ?? [];
            AddMount(mounts, name, entry.ContainerPath, options.Contains("ro", StringComparer.Ordinal));
            if (options.Any(option => option is not ("ro" or "rw")))
            {
                notes.TaskDefinition($"{field}.tmpfs[{i}].mountOptions", NoteReasons.NotSupported, "tmpfs mount options other than ro/rw have no Kubernetes equivalent");
            }
        }
    }

    private static void AddMount(List<VolumeMount> mounts, string volumeName, string mountPath, bool readOnly)
    {
        // The first mount of a path wins, as a container cannot mount two volumes at one path.
        if (mounts.Any(mount => mount.MountPath == mountPath))
        {
            return;
        }

        mounts.Add(new VolumeMount { Name = volumeName, MountPath = mountPath, ReadOnly = readOnly ? true : null });
    }

    private static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var suffix = 2; !used.Add(candidate); suffix++)
        {
            candidate = Names.Dns1123Label($"{name}-{suffix.ToString(CultureInfo.InvariantCulture)}");
        }

        return candidate;
    }
}
