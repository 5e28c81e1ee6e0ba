using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.Kubernetes.Config;

/// <summary>Reads kubeconfig files and turns the selected context into <see cref="KubeClientSettings"/>.</summary>
internal static class KubeConfigLoader
{
    /// <summary>Splits a KUBECONFIG-style list, dropping empty entries and repeats (kubectl does the same).</summary>
    public static IReadOnlyList<string> PathsFromVariable(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        return value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <param name="explicitPath">True when the user named the file(s): a missing file is then an error. From
    /// KUBECONFIG, missing files are skipped as kubectl does, unless none exists.</param>
    public static KubeClientSettings Load(IReadOnlyList<string> paths, string? context, bool explicitPath)
    {
        var document = new KubeConfigDocument();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                if (explicitPath)
                {
                    throw new KubeConfigException($"kubeconfig {path} does not exist");
                }
                continue;
            }
            document.Merge(path, ReadFile(path, "kubeconfig"));
        }
        if (document.Files.Count == 0)
        {
            throw new KubeConfigException($"KUBECONFIG names {string.Join(Path.PathSeparator, paths)}, but none of those files exists");
        }
        return Resolve(document, context);
    }

    public static KubeClientSettings Resolve(KubeConfigDocument document, string? contextName)
    {
        var source = document.Describe();
        contextName ??= document.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException($"kubeconfig {source} has no current-context; choose one with --context");
        }
        if (!document.Contexts.TryGetValue(contextName, out var context))
        {
            var known = document.Contexts.Count == 0 ? "it defines none" : "known: " + string.Join(", ", document.Contexts.Keys.Order(StringComparer.Ordinal));
            throw new KubeConfigException($"context \"{contextName}\" not found in kubeconfig {source} ({known})");
        }
        var clusterName = context.Body.String("cluster")
            ?? throw new KubeConfigException($"context \"{contextName}\" in kubeconfig {context.File} names no cluster");
        if (!document.Clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeConfigException($"context \"{contextName}\" refers to cluster \"{clusterName}\", which kubeconfig {source} does not define");
        }
        KubeConfigEntry? user = null;
        if (context.Body.String("user") is { } userName && !document.Users.TryGetValue(userName, out user))
        {
            throw new KubeConfigException($"context \"{contextName}\" refers to user \"{userName}\", which kubeconfig {source} does not define");
        }

        var settings = new KubeClientSettings
        {
            Server = ParseServer(cluster),
            Namespace = context.Body.String("namespace") ?? "default",
            Source = $"kubeconfig {source} (context {contextName})",
            CertificateAuthorityPem = ReadPemSetting(cluster, "certificate-authority", "cluster"),
            InsecureSkipTlsVerify = cluster.Body.Bool("insecure-skip-tls-verify"),
            TlsServerName = cluster.Body.String("tls-server-name"),
            ProxyUrl = cluster.Body.String("proxy-url") is { } proxy ? ParseUri(proxy, $"cluster \"{cluster.Name}\" proxy-url") : null,
        };
        if (settings.CertificateAuthorityPem is { } ca)
        {
            ValidateCertificateAuthority(ca, $"cluster \"{cluster.Name}\" certificate-authority");
        }
        return user is null ? settings : ApplyUser(settings, user, cluster);
    }

    private static KubeClientSettings ApplyUser(KubeClientSettings settings, KubeConfigEntry user, KubeConfigEntry cluster)
    {
        var body = user.Body;
        if (body.Map("auth-provider") is { } authProvider)
        {
            var name = authProvider.String("name") ?? "(unnamed)";
            throw new KubeConfigException($"user \"{user.Name}\" uses auth-provider \"{name}\", which is not supported; use an exec credential plugin instead");
        }
        var certificate = ReadPemSetting(user, "client-certificate", "user");
        var key = ReadPemSetting(user, "client-key", "user");
        if ((certificate is null) != (key is null))
        {
            throw new KubeConfigException($"user \"{user.Name}\" has a client {(certificate is null ? "key" : "certificate")} but no client {(certificate is null ? "certificate" : "key")}");
        }
        if (certificate is not null && key is not null)
        {
            ValidateClientCertificate(certificate, key, $"user \"{user.Name}\"");
        }
        var tokenFile = body.String("tokenFile") is { } file ? user.ResolvePath(file) : null;
        if (tokenFile is not null && body.String("token") is null)
        {
            ReadFile(tokenFile, $"user \"{user.Name}\" tokenFile");
        }
        return settings with
        {
            ClientCertificatePem = certificate,
            ClientKeyPem = key,
            Token = body.String("token"),
            TokenFile = tokenFile,
            Username = body.String("username"),
            Password = body.String("password"),
            Exec = body.Map("exec") is { } exec ? ParseExec(exec, user) : null,
        };
    }

    private static ExecConfig ParseExec(YamlMappingNode exec, KubeConfigEntry user)
    {
        var where = $"user \"{user.Name}\" exec";
        var command = exec.String("command") ?? throw new KubeConfigException($"{where} has no command");
        var apiVersion = exec.String("apiVersion") ?? throw new KubeConfigException($"{where} has no apiVersion");
        if (apiVersion is not ("client.authentication.k8s.io/v1" or "client.authentication.k8s.io/v1beta1"))
        {
            throw new KubeConfigException($"{where} asks for {apiVersion}; supported are client.authentication.k8s.io/v1 and v1beta1");
        }
        var env = new List<KeyValuePair<string, string>>();
        foreach (var item in exec.Sequence("env"))
        {
            if (item is YamlMappingNode variable && variable.String("name") is { } name)
            {
                env.Add(new(name, variable.String("value") ?? ""));
            }
        }
        var interactive = exec.String("interactiveMode") ?? "IfAvailable";
        if (interactive is not ("Never" or "IfAvailable" or "Always"))
        {
            throw new KubeConfigException($"{where} has interactiveMode \"{interactive}\"; expected Never, IfAvailable or Always");
        }
        return new ExecConfig
        {
            Command = command,
            Args = exec.Sequence("args").OfType<YamlScalarNode>().Select(a => a.Value ?? "").ToList(),
            Env = env,
            ApiVersion = apiVersion,
            InteractiveMode = interactive,
            InstallHint = exec.String("installHint"),
            ProvideClusterInfo = exec.Bool("provideClusterInfo"),
            BaseDirectory = user.BaseDirectory,
        };
    }

    private static Uri ParseServer(KubeConfigEntry cluster)
    {
        var server = cluster.Body.String("server")
            ?? throw new KubeConfigException($"cluster \"{cluster.Name}\" in kubeconfig {cluster.File} has no server");
        var uri = ParseUri(server, $"cluster \"{cluster.Name}\" server");
        if (uri.Scheme is not ("https" or "http"))
        {
            throw new KubeConfigException($"cluster \"{cluster.Name}\" server \"{server}\" must start with https:// or http://");
        }
        return uri;
    }

    private static Uri ParseUri(string value, string what) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new KubeConfigException($"{what} \"{value}\" is not an absolute URL");

    /// <summary>Reads "&lt;name&gt;-data" (base64, wins like in client-go) or the file "&lt;name&gt;".</summary>
    private static string? ReadPemSetting(KubeConfigEntry entry, string name, string kind)
    {
        if (entry.Body.String(name + "-data") is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data.Trim()));
            }
            catch (FormatException ex)
            {
                throw new KubeConfigException($"{kind} \"{entry.Name}\" {name}-data is not valid base64", ex);
            }
        }
        return entry.Body.String(name) is { } file
            ? ReadFile(entry.ResolvePath(file), $"{kind} \"{entry.Name}\" {name}")
            : null;
    }

    internal static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            throw new KubeConfigException($"{what}: cannot read {path}: {reason}", ex);
        }
    }

    internal static void ValidateCertificateAuthority(string pem, string what)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new KubeConfigException($"{what} is not valid PEM: {ex.Message}", ex);
        }
        if (certificates.Count == 0)
        {
            throw new KubeConfigException($"{what} holds no PEM certificate");
        }
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }

    internal static void ValidateClientCertificate(string certificatePem, string keyPem, string what)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException ex)
        {
            throw new KubeConfigException($"{what} client certificate or key is not valid PEM (or they do not match): {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new KubeConfigException($"{what} client certificate or key is not valid PEM: {ex.Message}", ex);
        }
    }
}
