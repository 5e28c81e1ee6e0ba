using System.Text;

namespace EcsBridge.ControlPlane;

/// <summary>Writes a single-context kubeconfig with embedded certificate data.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string caPem, string clientCertPem, string clientKeyPem, string contextName)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\n");
        sb.Append("clusters:\n- name: ").Append(contextName).Append("\n  cluster:\n");
        sb.Append("    server: ").Append(server.ToString().TrimEnd('/')).Append('\n');
        sb.Append("    certificate-authority-data: ").Append(B64(caPem)).Append('\n');
        sb.Append("users:\n- name: ").Append(contextName).Append("\n  user:\n");
        sb.Append("    client-certificate-data: ").Append(B64(clientCertPem)).Append('\n');
        sb.Append("    client-key-data: ").Append(B64(clientKeyPem)).Append('\n');
        sb.Append("contexts:\n- name: ").Append(contextName).Append("\n  context:\n");
        sb.Append("    cluster: ").Append(contextName).Append('\n');
        sb.Append("    user: ").Append(contextName).Append('\n');
        sb.Append("current-context: ").Append(contextName).Append('\n');
        return sb.ToString();
    }
}
