/* SPDX-License-Identifier: MIT */
/*
 * The UAPI structs the Go SDK declares (scripts/gen/ctx.sh): compiled with
 * clang -g -target bpf, whose BTF `tinybpf types --plain` turns into Go.
 * Each struct and enum is named here so that its BTF is emitted.
 */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>

#define USE(type, name) type *name

USE(struct bpf_perf_event_data, perf_event);

/* for other architectures, only the perf event context differs */
#ifndef PERF_EVENT_ONLY
#include <linux/if_ether.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

/* program contexts */
USE(struct xdp_md, xdp);
USE(struct __sk_buff, skb);
USE(struct bpf_sock_addr, sock_addr);
USE(struct bpf_sock, sock);
USE(struct bpf_sock_ops, sock_ops);
USE(struct sk_msg_md, sk_msg);
USE(struct bpf_sk_lookup, sk_lookup);
USE(struct sk_reuseport_md, sk_reuseport);
USE(struct bpf_sysctl, sysctl);
USE(struct bpf_sockopt, sockopt);
USE(struct bpf_cgroup_dev_ctx, cgroup_dev);
USE(struct bpf_flow_keys, flow_keys);

/* packet headers */
USE(struct ethhdr, eth);
USE(struct iphdr, ip);
USE(struct ipv6hdr, ip6);
USE(struct tcphdr, tcp);
USE(struct udphdr, udp);
USE(struct icmphdr, icmp);
USE(struct icmp6hdr, icmp6);

/* socket addresses, as connect(2) and bind(2) take them */
USE(struct sockaddr_in, sa_in);
USE(struct sockaddr_in6, sa_in6);
#endif
