namespace VCloudPS.TestSupport;

/// <summary>Seeds the tests write to a file before they start a simulator with them.</summary>
public static class TestSeeds
{
    /// <summary>
    /// A small transfer seed: org "acme" (admin, auditor), network "net1", VDC "vdc1" (roomy) and "tiny" (1 VM, 1 GiB),
    /// catalog "cat1" with template "tpl" (1 VM), vApps "app" (2 VMs, powered off, undeployed) and "running" (deployed);
    /// org "other" with its own VDC.
    /// </summary>
    public const string Transfer = """
        {
          "name": "xfer",
          "now": "2026-10-01T00:00:00Z",
          "orgs": [
            { "name": "System", "isSystem": true, "users": [ { "name": "administrator", "password": "pw", "role": "System Administrator" } ] },
            { "name": "acme",
              "users": [ { "name": "admin", "password": "pw", "role": "Organization Administrator" },
                         { "name": "auditor", "password": "pw", "role": "Read Only" } ],
              "networks": [ { "name": "net1", "gateway": "10.0.0.1", "netmask": "255.255.255.0" } ],
              "vdcs": [
                { "name": "vdc1", "allocationModel": "AllocationVApp", "storageLimitMB": 10485760, "vmQuota": 0,
                  "storageProfiles": [ { "name": "Standard", "limitMB": 10485760, "default": true } ] },
                { "name": "tiny", "allocationModel": "AllocationVApp", "storageLimitMB": 1024, "vmQuota": 1,
                  "storageProfiles": [ { "name": "Standard", "limitMB": 1024, "default": true } ] } ],
              "catalogs": [ { "name": "cat1", "items": [ { "name": "tpl", "vdc": "vdc1",
                  "vms": [ { "name": "base", "cpu": 2, "memoryMB": 2048, "disks": [ { "sizeMB": 512, "contentMB": 1 } ], "nics": [ { "network": "net1", "ipMode": "POOL" } ] } ] } ] } ],
              "vapps": [
                { "name": "app", "vdc": "vdc1", "owner": "admin", "created": "-10d", "status": "POWERED_OFF",
                  "vms": [
                    { "name": "db1", "cpu": 2, "coresPerSocket": 2, "memoryMB": 4096, "osType": "rhel9_64Guest",
                      "disks": [ { "sizeMB": 1024, "contentMB": 3 }, { "sizeMB": 2048, "contentMB": 1 } ],
                      "nics": [ { "network": "net1", "ipMode": "MANUAL", "ip": "10.0.0.11" } ] },
                    { "name": "web", "cpu": 1, "memoryMB": 2048, "disks": [ { "sizeMB": 512, "contentMB": 2 } ],
                      "nics": [ { "network": "net1", "ipMode": "POOL" } ] } ] },
                { "name": "running", "vdc": "vdc1", "owner": "admin", "created": "-10d", "status": "POWERED_ON",
                  "vms": [ { "name": "r1", "cpu": 1, "memoryMB": 1024, "disks": [ { "sizeMB": 512 } ], "nics": [ { "network": "net1" } ] } ] } ] },
            { "name": "other",
              "users": [ { "name": "admin", "password": "pw", "role": "Organization Administrator" } ],
              "vdcs": [ { "name": "other-vdc", "allocationModel": "AllocationVApp", "storageProfiles": [ { "name": "Standard", "default": true } ] } ] } ]
        }
        """;
}
